/** DHCP over BOOTP (RFC 2131/2132): a DHCPINFORM request and a parse of the server's BOOTREPLY. */

/** The request's identity: the transaction id and the client hardware address it claims. */
export interface DhcpProbeOptions {
  /** 32-bit transaction id, echoed by the server. */
  readonly xid: number;
  /** 6-byte client hardware address (Ethernet). */
  readonly chaddr: Uint8Array;
  /** The client's own IPv4 address (ciaddr), where an RFC 2131 server sends its DHCPACK (to port 68). */
  readonly ciaddr?: string;
  /** DHCPINFORM (default: configuration only, no address) or DHCPDISCOVER (every server on the segment offers). */
  readonly messageType?: 'inform' | 'discover';
  /** Ask servers to broadcast the reply (RFC 2131 §4.1, flags bit 15): for a client that has no address yet. */
  readonly broadcast?: boolean;
}

/** What a DHCP (or plain BOOTP) reply tells. */
export interface DhcpReply {
  readonly xid: number;
  /** Option 53: 2 OFFER, 5 ACK, 6 NAK; null for a plain BOOTP reply. */
  readonly messageType: number | null;
  readonly yiaddr: string;
  readonly siaddr: string;
  /** Option 54. */
  readonly serverId: string | null;
  /** Option 1. */
  readonly subnetMask: string | null;
  /** Option 3. */
  readonly routers: readonly string[];
  /** Option 6. */
  readonly dnsServers: readonly string[];
  /** Option 15. */
  readonly domainName: string | null;
  /** Option 51, seconds. */
  readonly leaseSeconds: number | null;
  /** Option 66: the TFTP server a network-booting client should use. */
  readonly tftpServer: string | null;
  /** Option 67, or the BOOTP 'file' field: the boot file. */
  readonly bootFile: string | null;
}

const BOOTREQUEST = 1;
const BOOTREPLY = 2;
const DHCPDISCOVER = 1;
const DHCPINFORM = 8;
const MAGIC = 0x63825363;
/** RFC 1542: a BOOTP message is at least 300 bytes; some relays and servers drop shorter ones. */
const MIN_LENGTH = 300;
const MAX_REPLY = 65_507;

function ipv4(text: string): number[] {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`not an IPv4 address: ${text}`);
  }
  return parts;
}

/**
 * A DHCPINFORM: it asks a server for configuration only, so unlike a DISCOVER it reserves no lease. The server
 * answers to ciaddr at port 68 (RFC 2131 §4.1), not to the request's source port, so a scanner on an ephemeral port
 * often hears nothing (open|filtered). dnsmasq is an exception worth having: when ciaddr equals the request's source
 * address it answers the source port, so set ciaddr to the probing socket's own address.
 * @example probeDhcp({ xid: 0x1234, chaddr: Uint8Array.of(2, 0, 0, 0, 0, 1), ciaddr: '203.0.113.1' }) // 300 bytes
 */
export function probeDhcp(options: DhcpProbeOptions): Uint8Array {
  if (options.chaddr.length !== 6) throw new RangeError('chaddr is 6 bytes');
  const out = new Uint8Array(MIN_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = BOOTREQUEST;
  out[1] = 1; // htype Ethernet
  out[2] = 6; // hlen
  view.setUint32(4, options.xid >>> 0);
  if (options.broadcast === true) view.setUint16(10, 0x8000);
  if (options.ciaddr !== undefined) out.set(ipv4(options.ciaddr), 12);
  out.set(options.chaddr, 28);
  view.setUint32(236, MAGIC);
  // 53 message type, 55 parameter request list (subnet, router, DNS, domain, lease, server id, TFTP server, boot
  // file), end; the rest stays pad (0).
  const type = options.messageType === 'discover' ? DHCPDISCOVER : DHCPINFORM;
  const list = options.messageType === 'discover' ? [1, 3, 6, 15, 51, 54, 66, 67] : [1, 3, 6, 15];
  out.set([53, 1, type, 55, list.length, ...list, 255], 240);
  return out;
}

/** Option text as latin1 without a trailing NUL, capped. */
const text = (b: Uint8Array): string => Buffer.from(b.subarray(0, 255)).toString('latin1').replace(/\0+$/, '');

const dotted = (b: Uint8Array): string => Array.from(b.subarray(0, 4)).join('.');

function addresses(b: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= b.length && out.length < 8; i += 4) out.push(dotted(b.subarray(i)));
  return out;
}

/**
 * Parse a BOOTREPLY for `xid`: null unless op is 2 and the xid matches. Options are read until END, the end
 * of the packet, or a malformed length (option overload of 'file'/'sname' is not followed).
 * @example parseDhcpReply(reply, 0x1234)?.serverId // '203.0.113.53'
 */
export function parseDhcpReply(bytes: Uint8Array, xid: number): DhcpReply | null {
  if (bytes.length < 240 || bytes.length > MAX_REPLY || bytes[0] !== BOOTREPLY) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4) !== xid >>> 0) return null;
  const reply = {
    xid: xid >>> 0,
    messageType: null as number | null,
    yiaddr: dotted(bytes.subarray(16)),
    siaddr: dotted(bytes.subarray(20)),
    serverId: null as string | null,
    subnetMask: null as string | null,
    routers: [] as string[],
    dnsServers: [] as string[],
    domainName: null as string | null,
    leaseSeconds: null as number | null,
    tftpServer: null as string | null,
    bootFile: null as string | null,
  };
  // The BOOTP 'file' field (108–235), NUL-terminated; option 67 overrides it.
  const file = bytes.subarray(108, 236);
  const fileEnd = file.indexOf(0);
  if (fileEnd !== 0) reply.bootFile = text(file.subarray(0, fileEnd < 0 ? file.length : fileEnd));
  if (view.getUint32(236) !== MAGIC) return reply;
  for (let pos = 240; pos < bytes.length;) {
    const code = bytes[pos] ?? 255;
    if (code === 0) {
      pos++;
      continue;
    }
    if (code === 255) break;
    const len = bytes[pos + 1];
    if (len === undefined || pos + 2 + len > bytes.length) break;
    const data = bytes.subarray(pos + 2, pos + 2 + len);
    if (code === 53 && len === 1) reply.messageType = data[0] ?? null;
    else if (code === 54 && len === 4) reply.serverId = dotted(data);
    else if (code === 1 && len === 4) reply.subnetMask = dotted(data);
    else if (code === 3) reply.routers = addresses(data);
    else if (code === 6) reply.dnsServers = addresses(data);
    else if (code === 15) reply.domainName = text(data);
    else if (code === 66) reply.tftpServer = text(data);
    else if (code === 67) reply.bootFile = text(data);
    else if (code === 51 && len === 4) reply.leaseSeconds = new DataView(data.buffer, data.byteOffset, 4).getUint32(0);
    pos += 2 + len;
  }
  return reply;
}
