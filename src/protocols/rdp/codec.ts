/**
 * RDP connection start ([MS-RDPBCGR] 2.2.1.1–2.2.1.2): a TPKT-framed X.224 Connection Request carrying an
 * RDP_NEG_REQ, and the server's Connection Confirm with RDP_NEG_RSP or RDP_NEG_FAILURE.
 */

export const PROTOCOL_RDP = 0;
export const PROTOCOL_SSL = 0x1;
export const PROTOCOL_HYBRID = 0x2;
export const PROTOCOL_RDSTLS = 0x4;
export const PROTOCOL_HYBRID_EX = 0x8;

/** TPKT (RFC 1006) header: version 3, reserved, u16 length of the whole packet. */
export function tpktLength(buffered: Uint8Array): number {
  if (buffered.length < 4) return -1;
  if (buffered[0] !== 3) throw new RangeError('not a TPKT packet');
  const length = ((buffered[2] ?? 0) << 8) | (buffered[3] ?? 0);
  if (length < 7) throw new RangeError(`a TPKT length of ${length}`);
  return buffered.length >= length ? length : -1;
}

/**
 * An X.224 Connection Request with a routing cookie and an RDP_NEG_REQ asking for `protocols`.
 * @example connectionRequest(PROTOCOL_SSL | PROTOCOL_HYBRID)
 */
export function connectionRequest(protocols: number, cookie = 'Cookie: mstshash=portwarden\r\n'): Uint8Array {
  const c = Buffer.from(cookie, 'latin1');
  const neg = Buffer.alloc(8);
  neg.writeUInt8(0x01, 0); // TYPE_RDP_NEG_REQ
  neg.writeUInt8(0, 1);
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(protocols >>> 0, 4);
  const x224 = Buffer.concat([Buffer.from([0, 0xe0, 0, 0, 0, 0, 0]), c, neg]);
  x224[0] = x224.length - 1; // length indicator excludes itself
  const tpkt = Buffer.from([3, 0, 0, 0]);
  tpkt.writeUInt16BE(4 + x224.length, 2);
  return Buffer.concat([tpkt, x224]);
}

export type NegotiationResult =
  /** The server answered without negotiation data: an old server that speaks only standard RDP security. */
  | { readonly kind: 'legacy' }
  | { readonly kind: 'response'; readonly protocol: number; readonly flags: number }
  | { readonly kind: 'failure'; readonly code: number };

/** Parse a TPKT-framed X.224 Connection Confirm; null when it is not one. */
export function parseConnectionConfirm(packet: Uint8Array): NegotiationResult | null {
  if (packet.length < 11 || packet[0] !== 3) return null;
  const b = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (b.readUInt16BE(2) !== packet.length) return null;
  const li = b[4] ?? 0;
  if ((b[5] ?? 0) >> 4 !== 0xd || 5 + li > packet.length || li < 6) return null;
  const end = 5 + li;
  const neg = 11;
  if (end < neg + 8) return { kind: 'legacy' };
  const type = b[neg];
  if (b.readUInt16LE(neg + 2) !== 8) return null;
  if (type === 0x02) return { kind: 'response', flags: b[neg + 1] ?? 0, protocol: b.readUInt32LE(neg + 4) };
  if (type === 0x03) return { kind: 'failure', code: b.readUInt32LE(neg + 4) };
  return null;
}

/** RDP_NEG_FAILURE codes. */
export const FAILURE_NAMES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

export function protocolName(protocol: number): string {
  switch (protocol) {
    case PROTOCOL_RDP:
      return 'RDP (standard security)';
    case PROTOCOL_SSL:
      return 'TLS';
    case PROTOCOL_HYBRID:
      return 'CredSSP (NLA)';
    case PROTOCOL_RDSTLS:
      return 'RDSTLS';
    case PROTOCOL_HYBRID_EX:
      return 'CredSSP with Early User Authorization (NLA)';
    default:
      return `0x${protocol.toString(16)}`;
  }
}
