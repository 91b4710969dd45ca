/**
 * SSH transport (RFC 4253) before encryption: the identification line, the binary packet framing and the
 * SSH_MSG_KEXINIT algorithm offer, plus the judgement of which offered algorithms are weak today.
 */

/** What the identification line `SSH-protoversion-softwareversion SP comments` tells. */
export interface SshIdent {
  /** '2.0', '1.99' (both 1 and 2), '1.5' … */
  readonly protoVersion: string;
  /** e.g. 'OpenSSH_9.2p1', 'dropbear_2022.83'. */
  readonly software: string;
  /** What follows the first space, e.g. 'Debian-2+deb12u3'; '' when none. */
  readonly comments: string;
}

/** The identification line portwarden sends (RFC 4253 §4.2: CR LF terminated, at most 255 bytes). */
export const CLIENT_IDENT = 'SSH-2.0-portwarden_0.1';

/** The ten name-lists of SSH_MSG_KEXINIT (RFC 4253 §7.1), in wire order. */
export interface KexInit {
  readonly cookie: Uint8Array;
  readonly kex: readonly string[];
  readonly hostKey: readonly string[];
  readonly cipherC2S: readonly string[];
  readonly cipherS2C: readonly string[];
  readonly macC2S: readonly string[];
  readonly macS2C: readonly string[];
  readonly compressionC2S: readonly string[];
  readonly compressionS2C: readonly string[];
  readonly languagesC2S: readonly string[];
  readonly languagesS2C: readonly string[];
  readonly firstKexPacketFollows: boolean;
}

export const SSH_MSG_KEXINIT = 20;
/** RFC 4253 §6.1: implementations must handle packets of 35,000 bytes; more is a hostile peer. */
export const MAX_PACKET = 35_000;

/**
 * Parse one identification line (without or with its CR LF); null when it is not one. Lines before it that do
 * not start with `SSH-` are allowed by the RFC and must be skipped by the caller.
 * @example parseSshIdent('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3') // { protoVersion: '2.0', software: 'OpenSSH_9.2p1', … }
 */
export function parseSshIdent(line: string): SshIdent | null {
  const m = /^SSH-(\d+\.\d+)-([^\s-][^\s]*)(?: ([^\r\n]*))?\r?\n?$/.exec(line);
  if (m === null || line.length > 255) return null;
  return { protoVersion: m[1] ?? '', software: m[2] ?? '', comments: (m[3] ?? '').trim() };
}

/**
 * Framer for one unencrypted binary packet: `uint32 packet_length, byte padding_length, payload, padding`.
 * Throws on a length no SSH peer would send.
 */
export function sshPacketLength(buffered: Uint8Array): number {
  if (buffered.length < 4) return -1;
  const length = new DataView(buffered.buffer, buffered.byteOffset, 4).getUint32(0);
  if (length < 5 || length > MAX_PACKET) throw new RangeError(`an SSH packet length of ${length}`);
  return buffered.length >= 4 + length ? 4 + length : -1;
}

/** The payload of one unencrypted packet (as framed by sshPacketLength); null when the padding is impossible. */
export function packetPayload(packet: Uint8Array): Uint8Array | null {
  if (packet.length < 6) return null;
  const length = new DataView(packet.buffer, packet.byteOffset, 4).getUint32(0);
  const padding = packet[4] ?? 0;
  if (length + 4 !== packet.length || padding + 1 > length) return null;
  return packet.subarray(5, 4 + length - padding);
}

/** Wrap a payload into an unencrypted packet with 4–… bytes of padding to a multiple of 8 (RFC 4253 §6). */
export function encodePacket(payload: Uint8Array, padByte = 0): Uint8Array {
  let padding = 8 - ((5 + payload.length) % 8);
  if (padding < 4) padding += 8;
  const out = new Uint8Array(5 + payload.length + padding).fill(padByte);
  new DataView(out.buffer).setUint32(0, 1 + payload.length + padding);
  out[4] = padding;
  out.set(payload, 5);
  return out;
}

/** Reads SSH wire types (RFC 4251 §5) from a payload; every read is bounds-checked. */
export class SshReader {
  #offset = 0;
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get offset(): number {
    return this.#offset;
  }
  #need(n: number): void {
    if (this.#offset + n > this.bytes.length) throw new RangeError('truncated SSH message');
  }
  byte(): number {
    this.#need(1);
    return this.#view.getUint8(this.#offset++);
  }
  uint32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return v;
  }
  raw(n: number): Uint8Array {
    this.#need(n);
    const v = this.bytes.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return v;
  }
  string(): Uint8Array {
    return this.raw(this.uint32());
  }
  nameList(): string[] {
    const text = Buffer.from(this.string()).toString('latin1');
    return text === '' ? [] : text.split(',');
  }
}

/**
 * Parse an SSH_MSG_KEXINIT payload; null when it is not one or is truncated.
 * @example parseKexInit(payload)?.kex // ['curve25519-sha256', …]
 */
export function parseKexInit(payload: Uint8Array): KexInit | null {
  try {
    const r = new SshReader(payload);
    if (r.byte() !== SSH_MSG_KEXINIT) return null;
    const cookie = r.raw(16);
    const lists = Array.from({ length: 10 }, () => r.nameList());
    const firstKexPacketFollows = r.byte() !== 0;
    r.uint32();
    const [kex, hostKey, cipherC2S, cipherS2C, macC2S, macS2C, compressionC2S, compressionS2C, lC2S, lS2C] = lists;
    return {
      cookie,
      kex: kex ?? [],
      hostKey: hostKey ?? [],
      cipherC2S: cipherC2S ?? [],
      cipherS2C: cipherS2C ?? [],
      macC2S: macC2S ?? [],
      macS2C: macS2C ?? [],
      compressionC2S: compressionC2S ?? [],
      compressionS2C: compressionS2C ?? [],
      languagesC2S: lC2S ?? [],
      languagesS2C: lS2C ?? [],
      firstKexPacketFollows,
    };
  } catch {
    return null;
  }
}

/** Write SSH wire types into a growing buffer. */
export class SshWriter {
  readonly #parts: Uint8Array[] = [];
  byte(v: number): this {
    this.#parts.push(Uint8Array.of(v));
    return this;
  }
  uint32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v);
    this.#parts.push(b);
    return this;
  }
  raw(b: Uint8Array): this {
    this.#parts.push(b);
    return this;
  }
  string(v: Uint8Array | string): this {
    const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
    return this.uint32(b.length).raw(b);
  }
  /** An SSH mpint (RFC 4251 §5) from an unsigned big-endian magnitude. */
  mpint(magnitude: Uint8Array): this {
    let i = 0;
    while (i < magnitude.length && magnitude[i] === 0) i++;
    const m = magnitude.subarray(i);
    return this.string((m[0] ?? 0) & 0x80 ? Buffer.concat([Uint8Array.of(0), m]) : m);
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.#parts);
  }
}

/** A client KEXINIT payload offering `lists` (kex, host key, ciphers, MACs; no compression). */
export function encodeKexInit(
  cookie: Uint8Array,
  lists: { kex: readonly string[]; hostKey: readonly string[]; cipher: readonly string[]; mac: readonly string[] },
): Uint8Array {
  const w = new SshWriter().byte(SSH_MSG_KEXINIT).raw(cookie);
  const names = [
    lists.kex,
    lists.hostKey,
    lists.cipher,
    lists.cipher,
    lists.mac,
    lists.mac,
    ['none'],
    ['none'],
    [],
    [],
  ];
  for (const list of names) w.string(list.join(','));
  return w.byte(0).uint32(0).bytes();
}

export type AlgorithmKind = 'kex' | 'hostKey' | 'cipher' | 'mac';
export type Weakness = 'broken' | 'weak' | 'legacy';

/** One offered algorithm that should not be, and why. */
export interface WeakAlgorithm {
  readonly kind: AlgorithmKind;
  readonly name: string;
  /** broken: practical attacks or no protection; weak: known cryptanalytic weakness; legacy: SHA-1 era. */
  readonly level: Weakness;
  readonly why: string;
}

// Judged after RFC 9142 (key exchange), RFC 8758 (RC4), RFC 8332 (SHA-1 RSA signatures), CVE-2008-5161 (CBC).
const RULES: readonly { kind: AlgorithmKind; test: RegExp; level: Weakness; why: string }[] = [
  { kind: 'kex', test: /^diffie-hellman-group1-sha1$/, level: 'broken', why: '1024-bit Oakley group 2 (Logjam)' },
  { kind: 'kex', test: /^rsa1024-sha1$/, level: 'broken', why: '1024-bit RSA key exchange' },
  { kind: 'kex', test: /^gss-group1-sha1-/, level: 'broken', why: '1024-bit group with SHA-1' },
  { kind: 'kex', test: /sha1(?:$|-|@)/, level: 'legacy', why: 'SHA-1 exchange hash (RFC 9142: SHOULD NOT)' },
  { kind: 'hostKey', test: /^ssh-dss/, level: 'weak', why: '1024-bit DSA with SHA-1' },
  { kind: 'hostKey', test: /^ssh-rsa$|^ssh-rsa-cert-v01@/, level: 'legacy', why: 'RSA signatures with SHA-1' },
  { kind: 'cipher', test: /^none$/, level: 'broken', why: 'no encryption' },
  { kind: 'cipher', test: /^arcfour/, level: 'broken', why: 'RC4 (RFC 8758)' },
  { kind: 'cipher', test: /^des(?:-cbc)?(?:@|$)/, level: 'broken', why: '56-bit DES' },
  { kind: 'cipher', test: /^(?:3des|blowfish|cast128|idea)-/, level: 'weak', why: '64-bit block cipher (Sweet32)' },
  { kind: 'cipher', test: /-cbc(?:@|$)/, level: 'weak', why: 'CBC mode (plaintext recovery, CVE-2008-5161)' },
  { kind: 'mac', test: /^none$/, level: 'broken', why: 'no integrity protection' },
  { kind: 'mac', test: /^hmac-md5/, level: 'weak', why: 'MD5' },
  { kind: 'mac', test: /-96(?:@|$)/, level: 'weak', why: 'truncated to 96 bits' },
  { kind: 'mac', test: /^umac-64(?:-etm)?@/, level: 'weak', why: '64-bit tag' },
  { kind: 'mac', test: /^hmac-ripemd160/, level: 'legacy', why: 'RIPEMD-160, obsolete' },
  { kind: 'mac', test: /^hmac-sha1(?:-etm@|$)/, level: 'legacy', why: 'SHA-1' },
];

/** The offered algorithms that are weak, each once (ciphers and MACs of both directions together). */
export function weakAlgorithms(kexinit: KexInit): WeakAlgorithm[] {
  const offered: Record<AlgorithmKind, readonly string[]> = {
    kex: kexinit.kex,
    hostKey: kexinit.hostKey,
    cipher: [...new Set([...kexinit.cipherS2C, ...kexinit.cipherC2S])],
    mac: [...new Set([...kexinit.macS2C, ...kexinit.macC2S])],
  };
  const out: WeakAlgorithm[] = [];
  for (const kind of ['kex', 'hostKey', 'cipher', 'mac'] as const) {
    for (const name of offered[kind]) {
      const rule = RULES.find((r) => r.kind === kind && r.test.test(name));
      if (rule !== undefined) out.push({ kind, name, level: rule.level, why: rule.why });
    }
  }
  return out;
}

/**
 * Whether the offer is open to Terrapin (CVE-2023-48795): chacha20-poly1305 or an encrypt-then-MAC mode (with
 * a CBC cipher or otherwise) is offered while the "strict kex" countermeasure is not.
 */
export function terrapinExposed(kexinit: KexInit): { exposed: boolean; strictKex: boolean; via: string[] } {
  const strictKex = kexinit.kex.includes('kex-strict-s-v00@openssh.com');
  const ciphers = [...kexinit.cipherS2C, ...kexinit.cipherC2S];
  const macs = [...kexinit.macS2C, ...kexinit.macC2S];
  const via = [
    ...new Set([
      ...ciphers.filter((c) => c === 'chacha20-poly1305@openssh.com'),
      ...macs.filter((m) => m.includes('-etm@')),
    ]),
  ];
  return { exposed: !strictKex && via.length > 0, strictKex, via };
}

/** The operating system a software/comments pair names, when it does (Debian, Ubuntu, FreeBSD, …). */
export function osHint(ident: SshIdent): string | null {
  const m = /\b(Debian|Ubuntu|Raspbian|FreeBSD|NetBSD|OpenBSD|Fedora|Red ?Hat|Windows|Cisco|Alpine)\b/i.exec(
    `${ident.software} ${ident.comments}`,
  );
  return m?.[1] ?? null;
}
