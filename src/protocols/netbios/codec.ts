/** NetBIOS Name Service (RFC 1001/1002): a node status (NBSTAT) query for '*' and a parse of its reply. */

/** One name of the node's name table. */
export interface NetbiosName {
  /** The 15-character name, trailing spaces removed. */
  readonly name: string;
  /** The 16th byte: 0x00 workstation, 0x20 file server, 0x1d master browser, … */
  readonly suffix: number;
  /** True for a group name (NB_FLAGS G bit). */
  readonly group: boolean;
}

/** What a node status reply tells. */
export interface NetbiosReply {
  readonly transactionId: number;
  readonly names: readonly NetbiosName[];
  /** The unit id (MAC address) in aa:bb:cc:dd:ee:ff form; Samba sends zeros. Null when the reply stops short. */
  readonly mac: string | null;
}

const TYPE_NBSTAT = 0x21;
const CLASS_IN = 1;
const MAX_REPLY = 65_507;
const MAX_NAMES = 64;

/** First-level encoding (RFC 1001 §14.1): each half-byte of the 16-byte name becomes 'A' + nibble. */
function encodeName(name: Uint8Array): number[] {
  const out: number[] = [32];
  for (const b of name) out.push(0x41 + (b >> 4), 0x41 + (b & 0x0f));
  out.push(0);
  return out;
}

/**
 * A node status request (opcode QUERY, type NBSTAT) for the wildcard name '*' (padded with NULs), which every
 * NetBIOS node answers with its whole name table.
 * @example probeNetbios(0x1234) // 50 bytes: 12 34 00 00 00 01 … 20 'CKAAAA…' 00 00 21 00 01
 */
export function probeNetbios(transactionId: number): Uint8Array {
  const wildcard = new Uint8Array(16);
  wildcard[0] = 0x2a;
  const name = encodeName(wildcard);
  const out = new Uint8Array(12 + name.length + 4);
  const view = new DataView(out.buffer);
  view.setUint16(0, transactionId & 0xffff);
  view.setUint16(4, 1); // QDCOUNT
  out.set(name, 12);
  view.setUint16(12 + name.length, TYPE_NBSTAT);
  view.setUint16(14 + name.length, CLASS_IN);
  return out;
}

/**
 * Parse a reply to `probeNetbios(transactionId)`: null unless it is a positive response (R bit set, RCODE 0)
 * with that id whose answer is an NBSTAT record. Names are latin1, at most 64.
 * @example parseNetbiosReply(reply, 0x1234)?.names[0] // { name: 'LAB', suffix: 0, group: false }
 */
export function parseNetbiosReply(bytes: Uint8Array, transactionId: number): NetbiosReply | null {
  if (bytes.length < 12 || bytes.length > MAX_REPLY) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  if (view.getUint16(0) !== (transactionId & 0xffff) || (flags & 0x8000) === 0 || (flags & 0x000f) !== 0) {
    return null;
  }
  if (view.getUint16(6) < 1) return null;
  // The answer's name is the question's: a 32-byte encoded label, or (rarely) a compression pointer.
  let pos = 12;
  const first = bytes[pos];
  if (first === undefined) return null;
  if ((first & 0xc0) === 0xc0) pos += 2;
  else {
    for (let labels = 0; ; labels++) {
      const len = bytes[pos];
      if (len === undefined || labels > 8 || (len & 0xc0) !== 0) return null;
      pos += 1 + len;
      if (len === 0) break;
    }
  }
  if (pos + 11 > bytes.length || view.getUint16(pos) !== TYPE_NBSTAT) return null;
  const rdlength = view.getUint16(pos + 8);
  const rdata = pos + 10;
  const end = Math.min(bytes.length, rdata + rdlength);
  const count = bytes[rdata] ?? 0;
  const names: NetbiosName[] = [];
  let p = rdata + 1;
  for (let i = 0; i < Math.min(count, MAX_NAMES) && p + 18 <= end; i++, p += 18) {
    const raw = Buffer.from(bytes.subarray(p, p + 15)).toString('latin1');
    names.push({
      name: raw.replace(/[\0 ]+$/, ''),
      suffix: bytes[p + 15] ?? 0,
      group: ((bytes[p + 16] ?? 0) & 0x80) !== 0,
    });
  }
  const mac =
    names.length === count && p + 6 <= end
      ? Array.from(bytes.subarray(p, p + 6), (b) => b.toString(16).padStart(2, '0')).join(':')
      : null;
  return { transactionId: transactionId & 0xffff, names, mac };
}
