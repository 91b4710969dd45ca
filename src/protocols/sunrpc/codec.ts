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

/** Transport numbers of the portmapper (RFC 1833 §3). */
export const IPPROTO_TCP = 6;
export { IPPROTO_UDP };
const PMAPPROC_DUMP = 4;
const MOUNTPROC_EXPORT = 5;
export const MOUNT_PROGRAM = 100_005;

/**
 * Any ONC RPC call with AUTH_NONE (RFC 5531 §9): the header and the already-encoded XDR `args`.
 * @example rpcCall(1, 100000, 2, 4) // portmapper DUMP, 40 bytes
 */
export function rpcCall(
  xid: number,
  program: number,
  version: number,
  procedure: number,
  args = new Uint8Array(0),
): Uint8Array {
  const out = new Uint8Array(40 + args.length);
  const view = new DataView(out.buffer);
  [xid >>> 0, CALL, RPC_VERSION, program >>> 0, version >>> 0, procedure >>> 0].forEach((w, i) => {
    view.setUint32(i * 4, w);
  });
  out.set(args, 40);
  return out;
}

/** Portmapper v2 DUMP: every registration (program, version, protocol, port). */
export function pmapDumpCall(xid: number): Uint8Array {
  return rpcCall(xid, PORTMAP_PROGRAM, 2, PMAPPROC_DUMP);
}

/** rpcbind v3/v4 DUMP: the same with netids and universal addresses (larger replies; what reflectors abuse). */
export function rpcbDumpCall(xid: number, version: 3 | 4 = 3): Uint8Array {
  return rpcCall(xid, PORTMAP_PROGRAM, version, PMAPPROC_DUMP);
}

/** MOUNT EXPORT (RFC 1813 Appendix I, procedure 5; the same in MOUNT v1). */
export function mountExportCall(xid: number, version: 1 | 3 = 3): Uint8Array {
  return rpcCall(xid, MOUNT_PROGRAM, version, MOUNTPROC_EXPORT);
}

/** Record marking for RPC over TCP (RFC 5531 §11): one last fragment. */
export function recordMark(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + message.length);
  new DataView(out.buffer).setUint32(0, (0x80000000 | message.length) >>> 0);
  out.set(message, 4);
  return out;
}

/**
 * A Stream framer for one record-marked fragment (header + body); throws RangeError past `maxFragment`.
 * Callers concatenate fragment bodies until one has the last-fragment bit.
 */
export function recordFramer(maxFragment = 1 << 20): (b: Uint8Array) => number {
  return (b) => {
    if (b.length < 4) return -1;
    const length = new DataView(b.buffer, b.byteOffset, 4).getUint32(0) & 0x7fffffff;
    if (length > maxFragment) throw new RangeError(`an RPC record fragment of ${length} bytes`);
    return b.length >= 4 + length ? 4 + length : -1;
  };
}

/** The accepted, successful reply's result bytes; or why there are none. */
export type RpcResult =
  { readonly status: 'success'; readonly body: Uint8Array } | Exclude<SunRpcReply, { status: 'success' }>;

/**
 * Parse any RPC reply to `xid`; null unless it is one. Unlike parseSunRpcReply it returns the raw results.
 * @example parseRpcResult(reply, 7)?.status // 'success'
 */
export function parseRpcResult(bytes: Uint8Array, xid: number): RpcResult | null {
  if (bytes.length < 12 || bytes.length % 4 !== 0) return null;
  const parsed = parseSunRpcReply(bytes.length > MAX_REPLY ? bytes.subarray(0, 24) : bytes, xid);
  if (parsed === null) return null;
  if (parsed.status !== 'success') return parsed;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (5 + Math.ceil(view.getUint32(16) / 4) + 1) * 4;
  return at <= bytes.length ? { status: 'success', body: bytes.subarray(at) } : null;
}

/** A small XDR reader that never reads past the end (returns null instead). */
class Xdr {
  #p = 0;
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u32(): number | null {
    if (this.#p + 4 > this.bytes.length) return null;
    const v = this.#view.getUint32(this.#p);
    this.#p += 4;
    return v;
  }
  string(max: number): string | null {
    const length = this.u32();
    if (length === null || length > max || this.#p + length > this.bytes.length) return null;
    const s = Buffer.from(this.bytes.subarray(this.#p, this.#p + length)).toString('latin1');
    this.#p += length + ((4 - (length % 4)) % 4);
    return s;
  }
}

/** One registration from a v2 DUMP. */
export interface PmapMapping {
  readonly program: number;
  readonly version: number;
  /** 6 TCP, 17 UDP. */
  readonly protocol: number;
  readonly port: number;
}

const MAX_MAPPINGS = 1024;

/**
 * Parse the result of a v2 DUMP (an XDR optional-data list); null when malformed or longer than 1,024 entries.
 * @example parsePmapDump(body)?.[0] // { program: 100000, version: 2, protocol: 6, port: 111 }
 */
export function parsePmapDump(body: Uint8Array): PmapMapping[] | null {
  const x = new Xdr(body);
  const out: PmapMapping[] = [];
  for (;;) {
    const follows = x.u32();
    if (follows === 0) return out;
    if (follows !== 1 || out.length >= MAX_MAPPINGS) return null;
    const [program, version, protocol, port] = [x.u32(), x.u32(), x.u32(), x.u32()];
    if (program === null || version === null || protocol === null || port === null || port > 65_535) return null;
    out.push({ program, version, protocol, port });
  }
}

/** One export from MOUNT EXPORT: the directory and the clients allowed (empty: everyone). */
export interface MountExport {
  readonly directory: string;
  readonly groups: readonly string[];
}

/** Parse the result of MOUNT EXPORT (RFC 1813 Appendix I `exports`); null when malformed or over 1,024 entries. */
export function parseMountExports(body: Uint8Array): MountExport[] | null {
  const x = new Xdr(body);
  const out: MountExport[] = [];
  for (;;) {
    const follows = x.u32();
    if (follows === 0) return out;
    if (follows !== 1 || out.length >= MAX_MAPPINGS) return null;
    const directory = x.string(1024);
    if (directory === null) return null;
    const groups: string[] = [];
    for (;;) {
      const more = x.u32();
      if (more === 0) break;
      if (more !== 1 || groups.length >= 256) return null;
      const name = x.string(255);
      if (name === null) return null;
      groups.push(name);
    }
    out.push({ directory, groups });
  }
}

/** Names of the ONC RPC programs one meets (IANA ONC RPC program numbers; rpcinfo's /etc/rpc). */
export const RPC_PROGRAMS: Readonly<Record<number, string>> = {
  100000: 'portmapper',
  100001: 'rstatd',
  100002: 'rusersd',
  100003: 'nfs',
  100004: 'ypserv',
  100005: 'mountd',
  100007: 'ypbind',
  100008: 'walld',
  100009: 'yppasswdd',
  100011: 'rquotad',
  100012: 'sprayd',
  100021: 'nlockmgr',
  100024: 'status',
  100068: 'cmsd',
  100069: 'ypxfrd',
  100083: 'ttdbserverd',
  100133: 'nsm_addrand',
  100227: 'nfs_acl',
  100249: 'snmpXdmid',
  150001: 'pcnfsd',
  300019: 'amd',
  391002: 'sgi_fam',
};

/** One line per program: "100005 mountd v1,3 tcp/50426 udp/63087". */
/**
 * @example describePrograms(mappings) // ['100000 portmapper v2,3,4 tcp/111 udp/111']
 */
export function describePrograms(mappings: readonly PmapMapping[]): string[] {
  const byProgram = new Map<number, PmapMapping[]>();
  for (const m of mappings) byProgram.set(m.program, [...(byProgram.get(m.program) ?? []), m]);
  return [...byProgram.entries()]
    .sort(([a], [b]) => a - b)
    .map(([program, ms]) => {
      const versions = [...new Set(ms.map((m) => m.version))].sort((a, b) => a - b).join(',');
      const where = [
        ...new Set(
          ms.map((m) => `${m.protocol === 6 ? 'tcp' : m.protocol === 17 ? 'udp' : `proto${m.protocol}`}/${m.port}`),
        ),
      ];
      return `${program} ${RPC_PROGRAMS[program] ?? 'unknown'} v${versions} ${where.join(' ')}`;
    });
}
