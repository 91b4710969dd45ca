/**
 * TLS records by hand (RFC 5246, RFC 8446; SSL 3.0 RFC 6101; SSL 2.0 hello as in draft-hickman): a ClientHello for
 * one protocol version and a list of suites, and parsers for what comes back before encryption starts — ServerHello
 * (with supported_versions), Alert and the TLS ≤ 1.2 Certificate message. This is how versions and suites that
 * the local TLS library refuses to speak (SSL 3.0, export, RC4…) are still recognised. No I/O here.
 */

/** Protocol versions by wire value. SSL 2.0 is 0x0002 (its hello has its own format). */
export const SSL2 = 0x0002;
export const SSL3 = 0x0300;
export const TLS10 = 0x0301;
export const TLS11 = 0x0302;
export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

/** 'TLSv1.2' for 0x0303, or the hex value for anything unknown. */
export function versionName(version: number): string {
  switch (version) {
    case SSL2:
      return 'SSLv2';
    case SSL3:
      return 'SSLv3';
    case TLS10:
      return 'TLSv1.0';
    case TLS11:
      return 'TLSv1.1';
    case TLS12:
      return 'TLSv1.2';
    case TLS13:
      return 'TLSv1.3';
    default:
      return `0x${version.toString(16).padStart(4, '0')}`;
  }
}

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;

export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_HELLO_DONE = 14;

/** TLSCiphertext may carry 2^14 + 2048 bytes (RFC 5246 §6.2.3); anything longer is not TLS. */
export const MAX_RECORD = 16_384 + 2_048;
/** A handshake message longer than this (certificate chains included) is refused. */
export const MAX_HANDSHAKE = 1 << 17;

/** SHA-256 of "HelloRetryRequest": the random of a TLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

const EXT_SERVER_NAME = 0;
const EXT_SUPPORTED_GROUPS = 10;
const EXT_EC_POINT_FORMATS = 11;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_KEY_SHARE = 51;
const EXT_RENEGOTIATION_INFO = 0xff01;

/** x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048–8192 (RFC 8446 §4.2.7, RFC 7919). */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
/** Modern schemes first, then the SHA-1 and DSA ones old servers need (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
];

export interface ClientHelloOptions {
  /** The version to offer: SSL3 … TLS13. */
  readonly version: number;
  /** Suite code points, in preference order. */
  readonly suites: readonly number[];
  /** 32 random bytes. */
  readonly random: Uint8Array;
  /** Host name for SNI (RFC 6066); omitted when undefined (IP literals must not be sent). */
  readonly serverName?: string;
  /** An x25519 public key (32 bytes) for the TLS 1.3 key_share; any 32 bytes make the server answer. */
  readonly keyShare?: Uint8Array;
}

function u8(n: number): number[] {
  return [n & 0xff];
}
function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u24(n: number): number[] {
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
function vec16(body: readonly number[]): number[] {
  return [...u16(body.length), ...body];
}
function vec8(body: readonly number[]): number[] {
  return [...u8(body.length), ...body];
}
function ext(type: number, body: readonly number[]): number[] {
  return [...u16(type), ...vec16(body)];
}

/**
 * One TLS record holding a ClientHello that offers exactly `version` (TLS 1.3 through supported_versions, older
 * ones through client_version) and `suites`. SSL 3.0 hellos carry no extensions, as SSL 3.0 servers expect.
 * @example buildClientHello({ version: TLS12, suites: [0xc02f], random: new Uint8Array(32) })[0] // 0x16
 */
export function buildClientHello(options: ClientHelloOptions): Uint8Array {
  const { version, suites, random } = options;
  if (random.length !== 32) throw new RangeError('the hello random is 32 bytes');
  if (version < SSL3 || version > TLS13) throw new RangeError(`cannot build a hello for version ${version}`);
  if (suites.length === 0 || suites.length > 0x7fff) throw new RangeError('offer between 1 and 32767 suites');
  const extensions: number[] = [];
  if (version >= TLS10) {
    if (options.serverName !== undefined) {
      const name = [...Buffer.from(options.serverName, 'ascii')];
      extensions.push(...ext(EXT_SERVER_NAME, vec16([0, ...vec16(name)])));
    }
    extensions.push(...ext(EXT_SUPPORTED_GROUPS, vec16(GROUPS.flatMap(u16))));
    extensions.push(...ext(EXT_EC_POINT_FORMATS, vec8([0])));
    extensions.push(...ext(EXT_SIGNATURE_ALGORITHMS, vec16(SIGNATURE_ALGORITHMS.flatMap(u16))));
    extensions.push(...ext(EXT_RENEGOTIATION_INFO, [0]));
  }
  if (version === TLS13) {
    extensions.push(...ext(EXT_SUPPORTED_VERSIONS, vec8(u16(TLS13))));
    const share = options.keyShare ?? random;
    if (share.length !== 32) throw new RangeError('the x25519 key share is 32 bytes');
    extensions.push(...ext(EXT_KEY_SHARE, vec16([...u16(0x001d), ...vec16([...share])])));
  }
  const body = [
    ...u16(version === TLS13 ? TLS12 : version),
    ...random,
    // TLS 1.3 middlebox compatibility (RFC 8446 D.4) wants a 32-byte legacy session id; it costs nothing elsewhere.
    ...(version === TLS13 ? vec8([...random]) : vec8([])),
    ...vec16(suites.flatMap(u16)),
    ...vec8([0]),
    ...(extensions.length > 0 ? vec16(extensions) : []),
  ];
  const handshake = [1, ...u24(body.length), ...body];
  return Uint8Array.from([CONTENT_HANDSHAKE, ...u16(Math.min(version, TLS10)), ...vec16(handshake)]);
}

/**
 * An SSL 2.0 CLIENT-HELLO offering the seven SSL 2.0 cipher kinds, with a 16-byte challenge.
 * @example buildSsl2ClientHello(new Uint8Array(16))[2] // 1 (CLIENT-HELLO)
 */
export function buildSsl2ClientHello(challenge: Uint8Array): Uint8Array {
  if (challenge.length !== 16) throw new RangeError('the SSL 2.0 challenge is 16 bytes');
  const specs = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0].flatMap(u24);
  const body = [1, ...u16(SSL2), ...u16(specs.length), ...u16(0), ...u16(challenge.length), ...specs, ...challenge];
  return Uint8Array.from([0x80 | (body.length >> 8), body.length & 0xff, ...body]);
}

/** An SSL 2.0 SERVER-HELLO's version and cipher kinds, or null if `bytes` is not one (yet). */
export function parseSsl2ServerHello(bytes: Uint8Array): { version: number; ciphers: number[] } | null {
  if (bytes.length < 2 || (bytes[0] ?? 0) < 0x80) return null;
  const length = (((bytes[0] ?? 0) & 0x7f) << 8) | (bytes[1] ?? 0);
  if (bytes.length < 2 + length || length < 11) return null;
  const b = bytes.subarray(2, 2 + length);
  if (b[0] !== 4) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const certLength = view.getUint16(5);
  const specsLength = view.getUint16(7);
  if (11 + certLength + specsLength > b.length || specsLength % 3 !== 0) return null;
  const ciphers: number[] = [];
  for (let i = 11 + certLength; i < 11 + certLength + specsLength; i += 3) {
    ciphers.push(((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0));
  }
  return { version: view.getUint16(3), ciphers };
}

/** A record header. */
export interface RecordHeader {
  readonly type: number;
  readonly version: number;
  readonly length: number;
}

/**
 * The header of the record at the start of `bytes`: null when fewer than 5 bytes are there, 'invalid' when they
 * cannot start a TLS record (another protocol, or a length beyond MAX_RECORD).
 */
export function readRecordHeader(bytes: Uint8Array): RecordHeader | null | 'invalid' {
  if (bytes.length < 5) return null;
  const type = bytes[0] ?? 0;
  const major = bytes[1] ?? 0;
  const length = ((bytes[3] ?? 0) << 8) | (bytes[4] ?? 0);
  if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_APPLICATION_DATA || major !== 3 || length > MAX_RECORD) {
    return 'invalid';
  }
  return { type, version: (major << 8) | (bytes[2] ?? 0), length };
}

/** A framer for capped streams: the length of the complete record at the start, -1 for more, throws for not-TLS. */
export function recordLength(bytes: Uint8Array): number {
  const h = readRecordHeader(bytes);
  if (h === 'invalid') throw new TlsParseError('not a TLS record');
  if (h === null || bytes.length < 5 + h.length) return -1;
  return 5 + h.length;
}

/** The peer's bytes are not the TLS we expect. */
export class TlsParseError extends Error {}

/** Alert descriptions (RFC 8446 §6, RFC 5246 §7.2). */
const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

export interface Alert {
  readonly level: number;
  readonly description: number;
  readonly name: string;
}

/** An Alert record body (2 bytes). */
export function parseAlert(body: Uint8Array): Alert | null {
  if (body.length < 2) return null;
  const description = body[1] ?? 0;
  return { level: body[0] ?? 0, description, name: ALERTS[description] ?? `alert_${description}` };
}

export interface ServerHello {
  /** The negotiated version: supported_versions when present (TLS 1.3), else server_version. */
  readonly version: number;
  readonly legacyVersion: number;
  readonly suite: number;
  readonly compression: number;
  /** A TLS 1.3 HelloRetryRequest (the server wants another key share; its suite and version still count). */
  readonly helloRetry: boolean;
  readonly extensions: ReadonlyMap<number, Uint8Array>;
}

/** A ServerHello handshake body (without the 4-byte handshake header); throws TlsParseError if malformed. */
export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new Reader(body);
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  r.bytes(r.u8());
  const suite = r.u16();
  const compression = r.u8();
  const extensions = new Map<number, Uint8Array>();
  if (r.left > 0) {
    const all = new Reader(r.bytes(r.u16()));
    while (all.left > 0) {
      const type = all.u16();
      extensions.set(type, all.bytes(all.u16()));
    }
  }
  const sv = extensions.get(EXT_SUPPORTED_VERSIONS);
  const version = sv?.length === 2 ? ((sv[0] ?? 0) << 8) | (sv[1] ?? 0) : legacyVersion;
  return {
    version,
    legacyVersion,
    suite,
    compression,
    helloRetry: Buffer.from(random).toString('hex') === HRR_RANDOM,
    extensions,
  };
}

/** The DER certificates of a TLS ≤ 1.2 Certificate message body, leaf first (RFC 5246 §7.4.2). */
export function parseCertificateMessage(body: Uint8Array): Uint8Array[] {
  const r = new Reader(body);
  const list = new Reader(r.bytes(r.u24()));
  const certs: Uint8Array[] = [];
  while (list.left > 0) certs.push(list.bytes(list.u24()));
  return certs;
}

export interface HandshakeMessage {
  readonly type: number;
  readonly body: Uint8Array;
}

/**
 * Collects handshake messages from the plaintext records of a server flight; messages may span records and a
 * record may hold several (RFC 5246 §6.2.1).
 */
export class HandshakeAssembler {
  #pending: Uint8Array = new Uint8Array(0);

  /** Add a handshake record's body; returns the messages it completed. */
  push(fragment: Uint8Array): HandshakeMessage[] {
    const joined = new Uint8Array(this.#pending.length + fragment.length);
    joined.set(this.#pending);
    joined.set(fragment, this.#pending.length);
    const out: HandshakeMessage[] = [];
    let at = 0;
    while (joined.length - at >= 4) {
      const length = ((joined[at + 1] ?? 0) << 16) | ((joined[at + 2] ?? 0) << 8) | (joined[at + 3] ?? 0);
      if (length > MAX_HANDSHAKE) throw new TlsParseError(`a handshake message of ${length} bytes`);
      if (joined.length - at - 4 < length) break;
      out.push({ type: joined[at] ?? 0, body: joined.subarray(at + 4, at + 4 + length) });
      at += 4 + length;
    }
    this.#pending = joined.slice(at);
    return out;
  }
}

/** Bounds-checked big-endian reads; a read past the end is a TlsParseError. */
class Reader {
  #at = 0;
  readonly #b: Uint8Array;
  constructor(b: Uint8Array) {
    this.#b = b;
  }
  get left(): number {
    return this.#b.length - this.#at;
  }
  bytes(n: number): Uint8Array {
    if (n > this.left) throw new TlsParseError('truncated TLS message');
    const out = this.#b.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  u8(): number {
    return this.bytes(1)[0] ?? 0;
  }
  u16(): number {
    const b = this.bytes(2);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  }
  u24(): number {
    const b = this.bytes(3);
    return ((b[0] ?? 0) << 16) | ((b[1] ?? 0) << 8) | (b[2] ?? 0);
  }
}
