/** ONC RPC over UDP (RFC 5531) to the portmapper (RFC 1833): a GETPORT call and a parse of its reply. */

/** What an RPC reply tells. */
export type SunRpcReply =
  | {
      readonly xid: number;
      readonly status: 'success';
      /** GETPORT's answer: the port of the asked program, 0 when it is not registered. */
      readonly port: number | null;
    }
  /** The call was accepted but not run: 1 PROG_UNAVAIL, 2 PROG_MISMATCH (with the versions served), 3, 4, 5. */
  | {
      readonly xid: number;
      readonly status: 'accept-error';
      readonly acceptStat: number;
      readonly low: number | null;
      readonly high: number | null;
    }
  /** The call was denied: 0 RPC_MISMATCH, 1 AUTH_ERROR. */
  | { readonly xid: number; readonly status: 'denied'; readonly rejectStat: number };

export const PORTMAP_PROGRAM = 100_000;
const CALL = 0;
const REPLY = 1;
const RPC_VERSION = 2;
const PMAPPROC_GETPORT = 3;
const IPPROTO_UDP = 17;
const MAX_REPLY = 65_507;

/**
 * A portmapper version 2 GETPORT call (AUTH_NONE) asking where `program`/`version` listens over UDP; by default
 * the portmapper itself, which any portmapper or rpcbind answers (with 111).
 * @example probeSunRpc(0x1234) // 56 bytes: xid, CALL, rpcvers 2, prog 100000, vers 2, proc 3, …
 */
export function probeSunRpc(xid: number, program: number = PORTMAP_PROGRAM, version = 2): Uint8Array {
  const words = [xid >>> 0, CALL, RPC_VERSION, PORTMAP_PROGRAM, 2, PMAPPROC_GETPORT, 0, 0, 0, 0];
  words.push(program >>> 0, version >>> 0, IPPROTO_UDP, 0);
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => {
    view.setUint32(i * 4, w);
  });
  return out;
}

/**
 * Parse a reply to `probeSunRpc(xid)`: null unless it is an RPC REPLY with `xid` whose fields fit.
 * @example parseSunRpcReply(reply, 0x1234) // { xid: 4660, status: 'success', port: 111 }
 */
export function parseSunRpcReply(bytes: Uint8Array, xid: number): SunRpcReply | null {
  if (bytes.length < 12 || bytes.length > MAX_REPLY || bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (i: number): number | null => (i * 4 + 4 <= bytes.length ? view.getUint32(i * 4) : null);
  if (word(0) !== xid >>> 0 || word(1) !== REPLY) return null;
  const replyStat = word(2);
  if (replyStat === 1) {
    const rejectStat = word(3);
    return rejectStat === null ? null : { xid: xid >>> 0, status: 'denied', rejectStat };
  }
  if (replyStat !== 0) return null;
  // Verifier: flavor, then an opaque body of at most 400 bytes, padded to 4.
  const verifierLength = word(4);
  if (word(3) === null || verifierLength === null || verifierLength > 400) return null;
  const at = 5 + Math.ceil(verifierLength / 4);
  const acceptStat = word(at);
  if (acceptStat === null) return null;
  if (acceptStat === 0) return { xid: xid >>> 0, status: 'success', port: word(at + 1) };
  return {
    xid: xid >>> 0,
    status: 'accept-error',
    acceptStat,
    low: acceptStat === 2 ? word(at + 1) : null,
    high: acceptStat === 2 ? word(at + 2) : null,
  };
}
