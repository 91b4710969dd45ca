/**
 * Connection-oriented DCE/RPC (C706 chapter 12, [MS-RPCE]) for checks: BIND and its answers, REQUEST and
 * RESPONSE/FAULT, and the endpoint mapper's ept_lookup (C706 appendix O; opnum 2) with the protocol towers of
 * its entries (C706 appendix L). Little-endian NDR only, as every Windows and Samba server uses.
 */

export const PTYPE_REQUEST = 0;
export const PTYPE_RESPONSE = 2;
export const PTYPE_FAULT = 3;
export const PTYPE_BIND = 11;
export const PTYPE_BIND_ACK = 12;
export const PTYPE_BIND_NAK = 13;

/** The endpoint mapper interface, version 3.0. */
export const EPMAPPER_UUID = 'e1af8308-5d1f-11c9-91a4-08002b14a0fa';
/** NDR 2.0 transfer syntax. */
export const NDR_UUID = '8a885d04-1ceb-11c9-9fe8-08002b104860';

const HEADER = 16;

/** A UUID in text form to its 16 NDR bytes (first three fields little-endian). */
export function uuidToBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  const b = Buffer.from(hex, 'hex');
  return Uint8Array.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)] as number[]);
}

/** 16 NDR bytes to a UUID in text form. */
export function uuidFromBytes(b: Uint8Array): string {
  const h = (i: number): string => (b[i] ?? 0).toString(16).padStart(2, '0');
  const part = (idx: readonly number[]): string => idx.map(h).join('');
  return `${part([3, 2, 1, 0])}-${part([5, 4])}-${part([7, 6])}-${part([8, 9])}-${part([10, 11, 12, 13, 14, 15])}`;
}

function pdu(ptype: number, callId: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + body.length);
  const v = new DataView(out.buffer);
  out.set([5, 0, ptype, 0x03, 0x10, 0, 0, 0], 0); // v5.0, first+last fragment, little-endian ASCII IEEE
  v.setUint16(8, out.length, true);
  v.setUint32(12, callId, true);
  out.set(body, HEADER);
  return out;
}

/**
 * A BIND offering one interface with the NDR transfer syntax.
 * @example dcerpcBind(1, EPMAPPER_UUID, 3, 0) // 72 bytes: 05 00 0b 03 10 00 00 00 48 00 …
 */
export function dcerpcBind(callId: number, uuid: string, major: number, minor: number): Uint8Array {
  const body = new Uint8Array(56);
  const v = new DataView(body.buffer);
  v.setUint16(0, 4280, true); // max_xmit_frag
  v.setUint16(2, 4280, true); // max_recv_frag
  body[8] = 1; // one presentation context
  v.setUint16(12, 0, true); // context id 0
  body[14] = 1; // one transfer syntax
  body.set(uuidToBytes(uuid), 16);
  v.setUint16(32, major, true);
  v.setUint16(34, minor, true);
  body.set(uuidToBytes(NDR_UUID), 36);
  v.setUint32(52, 2, true);
  return pdu(PTYPE_BIND, callId, body);
}

/** The common header of a PDU. */
export interface DcerpcHeader {
  readonly ptype: number;
  readonly flags: number;
  readonly fragLength: number;
  readonly authLength: number;
  readonly callId: number;
}

/** How many bytes make the next PDU (its frag_length), -1 for "need more": a Stream framer. */
export function dcerpcFramer(maxLength = 65_535): (b: Uint8Array) => number {
  return (b) => {
    if (b.length < 10) return -1;
    if (b[0] !== 5 || b[1] !== 0) throw new RangeError('not a connection-oriented DCE/RPC v5.0 PDU');
    if (((b[4] ?? 0) & 0xf0) !== 0x10) throw new RangeError('big-endian DCE/RPC is not supported');
    const length = (b[8] ?? 0) | ((b[9] ?? 0) << 8);
    if (length < HEADER || length > maxLength) throw new RangeError(`a PDU of ${length} bytes`);
    return b.length >= length ? length : -1;
  };
}

export function parseDcerpcHeader(b: Uint8Array): DcerpcHeader | null {
  if (b.length < HEADER || b[0] !== 5 || b[1] !== 0 || ((b[4] ?? 0) & 0xf0) !== 0x10) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fragLength = v.getUint16(8, true);
  if (fragLength !== b.length) return null;
  return {
    ptype: b[2] ?? 0,
    flags: b[3] ?? 0,
    fragLength,
    authLength: v.getUint16(10, true),
    callId: v.getUint32(12, true),
  };
}

/** The answer to a BIND. */
export type BindResult =
  | {
      readonly kind: 'ack';
      readonly accepted: boolean;
      readonly result: number;
      readonly reason: number;
      readonly secondaryAddress: string;
      readonly maxXmit: number;
    }
  | { readonly kind: 'nak'; readonly reason: number };

/** Parse a BIND_ACK (acceptance of the first context) or BIND_NAK; null for anything else. */
export function parseBindReply(b: Uint8Array): BindResult | null {
  const h = parseDcerpcHeader(b);
  if (h === null) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (h.ptype === PTYPE_BIND_NAK)
    return b.length >= HEADER + 2 ? { kind: 'nak', reason: v.getUint16(HEADER, true) } : null;
  if (h.ptype !== PTYPE_BIND_ACK || b.length < HEADER + 10) return null;
  const addrLength = v.getUint16(HEADER + 8, true);
  const addrEnd = HEADER + 10 + addrLength;
  const results = addrEnd + ((4 - (addrEnd % 4)) % 4);
  if (results + 8 > b.length) return null;
  const result = v.getUint16(results + 4, true);
  return {
    kind: 'ack',
    accepted: (b[results] ?? 0) >= 1 && result === 0,
    result,
    reason: v.getUint16(results + 6, true),
    secondaryAddress: Buffer.from(b.subarray(HEADER + 10, Math.max(HEADER + 10, addrEnd - 1))).toString('latin1'),
    maxXmit: v.getUint16(HEADER, true),
  };
}

/** A REQUEST for `opnum` on presentation context 0. */
export function dcerpcRequest(callId: number, opnum: number, stub: Uint8Array): Uint8Array {
  const body = new Uint8Array(8 + stub.length);
  const v = new DataView(body.buffer);
  v.setUint32(0, stub.length, true);
  v.setUint16(6, opnum, true);
  body.set(stub, 8);
  return pdu(PTYPE_REQUEST, callId, body);
}

/** A RESPONSE's stub data, or a FAULT's status; null for anything else. */
export function parseResponse(
  b: Uint8Array,
):
  | { readonly kind: 'response'; readonly last: boolean; readonly stub: Uint8Array }
  | { readonly kind: 'fault'; readonly status: number }
  | null {
  const h = parseDcerpcHeader(b);
  if (h === null || b.length < HEADER + 8) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (h.ptype === PTYPE_FAULT)
    return b.length >= HEADER + 12 ? { kind: 'fault', status: v.getUint32(HEADER + 8, true) } : null;
  if (h.ptype !== PTYPE_RESPONSE) return null;
  const end = b.length - (h.authLength > 0 ? h.authLength + 8 : 0);
  return end < HEADER + 8
    ? null
    : { kind: 'response', last: (h.flags & 0x02) !== 0, stub: b.subarray(HEADER + 8, end) };
}

/** The 20-byte context handle ept_lookup uses to page through the map; all zero to start. */
export type EntryHandle = Uint8Array;

/** ept_lookup(RPC_C_EP_ALL_ELTS, no object, no interface, RPC_C_VERS_ALL, handle, max_ents) stub data. */
export function eptLookupStub(handle: EntryHandle, maxEntries: number): Uint8Array {
  const out = new Uint8Array(40);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0, true); // inquiry_type: all elements
  v.setUint32(4, 0, true); // object: null pointer
  v.setUint32(8, 0, true); // interface id: null pointer
  v.setUint32(12, 1, true); // vers_option: all versions
  out.set(handle.subarray(0, 20), 16);
  v.setUint32(36, maxEntries, true);
  return out;
}

/** One protocol tower floor's meaning, as far as checks care. */
export interface Endpoint {
  readonly object: string;
  readonly annotation: string;
  /** Interface UUID and version from floor 1; null when the tower is missing or odd. */
  readonly interfaceId: string | null;
  readonly version: string | null;
  /** 'ncacn_ip_tcp', 'ncadg_ip_udp', 'ncacn_np', 'ncalrpc', 'ncacn_http', 'ncacn_nb_nb', … */
  readonly protocol: string | null;
  /** Port, pipe name or local endpoint name. */
  readonly endpoint: string | null;
  /** The IPv4 address floor, when present. */
  readonly address: string | null;
}

const PROTOCOLS: Readonly<Record<number, string>> = {
  0x07: 'ncacn_ip_tcp',
  0x08: 'ncadg_ip_udp',
  0x0f: 'ncacn_np',
  0x10: 'ncalrpc',
  0x11: 'ncacn_nb_nb',
  0x1f: 'ncacn_http',
};

/** Parse a protocol tower (C706 appendix L) into the interface and the endpoint. */
export function parseTower(
  tower: Uint8Array,
): Pick<Endpoint, 'interfaceId' | 'version' | 'protocol' | 'endpoint' | 'address'> {
  const out = {
    interfaceId: null as string | null,
    version: null as string | null,
    protocol: null as string | null,
    endpoint: null as string | null,
    address: null as string | null,
  };
  if (tower.length < 2) return out;
  const v = new DataView(tower.buffer, tower.byteOffset, tower.byteLength);
  const floors = Math.min(v.getUint16(0, true), 8);
  let p = 2;
  for (let i = 0; i < floors; i++) {
    if (p + 2 > tower.length) break;
    const lhsLength = v.getUint16(p, true);
    if (lhsLength < 1 || p + 2 + lhsLength + 2 > tower.length) break;
    const lhs = tower.subarray(p + 2, p + 2 + lhsLength);
    const rhsLength = v.getUint16(p + 2 + lhsLength, true);
    const rhsAt = p + 4 + lhsLength;
    if (rhsAt + rhsLength > tower.length) break;
    const rhs = tower.subarray(rhsAt, rhsAt + rhsLength);
    p = rhsAt + rhsLength;
    const id = lhs[0] ?? 0;
    if (i === 0 && id === 0x0d && lhs.length >= 19) {
      out.interfaceId = uuidFromBytes(lhs.subarray(1, 17));
      out.version = `${(lhs[17] ?? 0) | ((lhs[18] ?? 0) << 8)}.${rhs.length >= 2 ? (rhs[0] ?? 0) | ((rhs[1] ?? 0) << 8) : 0}`;
    } else if (i >= 3 && PROTOCOLS[id] !== undefined && out.protocol === null) {
      out.protocol = PROTOCOLS[id];
      out.endpoint =
        id === 0x07 || id === 0x08 || id === 0x1f
          ? rhs.length >= 2
            ? String(((rhs[0] ?? 0) << 8) | (rhs[1] ?? 0))
            : null
          : Buffer.from(rhs).toString('latin1').replace(/\0+$/, '');
    } else if (id === 0x09 && rhs.length === 4) {
      out.address = Array.from(rhs).join('.');
    }
  }
  return out;
}

/** One page of the endpoint map. */
export interface EptLookupPage {
  readonly handle: EntryHandle;
  readonly entries: readonly Endpoint[];
  /** 0 while more entries follow; 0x16c9a0d6 (ept_s_not_registered) at the end. */
  readonly status: number;
}

const MAX_ENTRIES = 500;

/** Parse ept_lookup's response stub; null when it does not fit. */
export function parseEptLookup(stub: Uint8Array): EptLookupPage | null {
  if (stub.length < 24) return null;
  const v = new DataView(stub.buffer, stub.byteOffset, stub.byteLength);
  const handle = stub.slice(0, 20);
  const count = v.getUint32(20, true);
  let p = 24;
  const align = (): void => {
    p += (4 - (p % 4)) % 4;
  };
  const need = (n: number): boolean => p + n <= stub.length;
  if (count === 0) {
    // An empty conformant varying array still has its max_count, offset and actual_count.
    if (need(12)) p += 12;
    return need(4) ? { handle, entries: [], status: v.getUint32(p, true) } : null;
  }
  if (count > MAX_ENTRIES || !need(12)) return null;
  const actual = v.getUint32(p + 8, true);
  p += 12;
  if (actual !== count) return null;
  const heads: { object: string; annotation: string; tower: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    if (!need(28)) return null;
    const object = uuidFromBytes(stub.subarray(p, p + 16));
    const tower = v.getUint32(p + 16, true) !== 0;
    const length = v.getUint32(p + 24, true);
    p += 28;
    if (length > 64 || !need(length)) return null;
    const annotation = Buffer.from(stub.subarray(p, p + length))
      .toString('latin1')
      .replace(/\0+$/, '');
    p += length;
    align();
    heads.push({ object, annotation, tower });
  }
  const entries: Endpoint[] = [];
  for (const head of heads) {
    let tower = { interfaceId: null, version: null, protocol: null, endpoint: null, address: null } as ReturnType<
      typeof parseTower
    >;
    if (head.tower) {
      if (!need(8)) return null;
      const length = v.getUint32(p + 4, true);
      p += 8;
      if (length > 1024 || !need(length)) return null;
      tower = parseTower(stub.subarray(p, p + length));
      p += length;
      align();
    }
    entries.push({ object: head.object, annotation: head.annotation, ...tower });
  }
  return need(4) ? { handle, entries, status: v.getUint32(p, true) } : null;
}

/** Well-known interfaces by UUID ([MS-RPCE] and the protocol specifications that define them). */
export const KNOWN_INTERFACES: Readonly<Record<string, string>> = {
  [EPMAPPER_UUID]: 'epmapper (endpoint mapper)',
  '12345778-1234-abcd-ef00-0123456789ab': 'lsarpc (Local Security Authority)',
  '12345778-1234-abcd-ef00-0123456789ac': 'samr (Security Account Manager)',
  '12345678-1234-abcd-ef00-01234567cffb': 'netlogon',
  '4b324fc8-1670-01d3-1278-5a47bf6ee188': 'srvsvc (Server service)',
  '6bffd098-a112-3610-9833-46c3f87e345a': 'wkssvc (Workstation service)',
  '338cd001-2244-31f1-aaaa-900038001003': 'winreg (remote registry)',
  '367abb81-9844-35f1-ad32-98f038001003': 'svcctl (service control manager)',
  '1ff70682-0a51-30e8-076d-740be8cee98b': 'atsvc (task scheduler)',
  '86d35949-83c9-4044-b424-db363231fd0c': 'ITaskSchedulerService',
  '12345678-1234-abcd-ef00-0123456789ab': 'spoolss (print spooler)',
  '76f03f96-cdfd-44fc-a22c-64950a001209': 'IRemoteWinspool (print spooler)',
  'e3514235-4b06-11d1-ab04-00c04fc2dcd2': 'drsuapi (directory replication)',
  '50abc2a4-574d-40b3-9d66-ee4fd5fba076': 'dnsserver (DNS management)',
  '82273fdc-e32a-18c3-3f78-827929dc23ea': 'eventlog',
  'f6beaff7-1e19-4fbb-9f8f-b89e2018337c': 'even6 (event log)',
  '000001a0-0000-0000-c000-000000000046': 'ISystemActivator (DCOM)',
  '99fcfec4-5260-101b-bbcb-00aa0021347a': 'IObjectExporter (DCOM)',
  '4d9f4ab8-7d1c-11cf-861e-0020af6e7c57': 'IActivation (DCOM)',
  '3919286a-b10c-11d0-9ba8-00c04fd92ef5': 'dssetup',
  '894de0c0-0d55-11d3-a322-00c04fa321a1': 'initshutdown',
  'a8e0653c-2744-4389-a61d-7373df8b2292': 'fsrvp (file server VSS)',
  'c681d488-d850-11d0-8c52-00c04fd90f7e': 'efsrpc (encrypting file system)',
  'df1941c5-fe89-4e79-bf10-463657acf44d': 'efsrpc (encrypting file system)',
  '8fb6d884-2388-11d0-8c35-00c04fda2795': 'w32time',
  '1a9134dd-7b39-45ba-ad88-44d01ca47f28': 'RemoteAccessCheck',
  '8d9f4e40-a03d-11ce-8f69-08003e30051b': 'ntsvcs (plug and play)',
  '4fc742e0-4a10-11cf-8273-00aa004ae673': 'netdfs (distributed file system)',
  '885d85fb-c754-4062-a0e7-6872ce0064f4': 'mdssvc (Spotlight search)',
};
