/**
 * SSH-2 key exchange and packet protection with node:crypto, no I/O: the key agreement methods (RFC 8731
 * curve25519-sha256, RFC 5656 ecdh-sha2-nistp256, RFC 8268 diffie-hellman-group14/16), the exchange hash and key
 * derivation (RFC 4253 §7.2, §8), and the binary packet protection with CTR/CBC ciphers and HMAC (RFC 4253 §6,
 * RFC 4344, RFC 6668, and OpenSSH's encrypt-then-MAC variants).
 */
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  getDiffieHellman,
  randomBytes,
  timingSafeEqual,
  type Cipher,
  type Decipher,
} from 'node:crypto';
import { MAX_PACKET, SshReader, SshWriter } from './codec.js';

export type HashName = 'sha1' | 'sha256' | 'sha512';

/** One side's ephemeral key pair for a key agreement. */
export interface KexKeyPair {
  /** Q_C/Q_S (ECDH, sent as `string`) or e/f (DH, sent as `mpint`), as the unsigned magnitude. */
  readonly publicKey: Uint8Array;
  /** The shared secret K as an unsigned big-endian magnitude (to be encoded as mpint); throws on a bad peer key. */
  secret(peer: Uint8Array): Uint8Array;
}

export interface KexMethod {
  readonly name: string;
  readonly hash: HashName;
  /** ECDH public values travel as `string`, DH ones as `mpint` (RFC 5656 §4 vs RFC 4253 §8). */
  readonly encoding: 'string' | 'mpint';
  create(): KexKeyPair;
}

/** PKCS#8 prefix of a raw X25519 private key (RFC 8410). */
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** An X25519 key pair, fresh or from a raw 32-byte private key (for the RFC 7748 test vectors). */
export function x25519(privateRaw?: Uint8Array): KexKeyPair {
  const privateKey =
    privateRaw === undefined
      ? generateKeyPairSync('x25519').privateKey
      : createPrivateKey({ key: Buffer.concat([X25519_PKCS8, privateRaw]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return {
    publicKey: Buffer.from(jwk.x ?? '', 'base64url'),
    secret(peer) {
      if (peer.length !== 32) throw new RangeError(`an X25519 public key of ${peer.length} bytes`);
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peer).toString('base64url') },
        format: 'jwk',
      });
      const k = diffieHellman({ privateKey, publicKey: key });
      // RFC 8731 §3: an all-zero result (a low-order peer point) must abort the exchange.
      if (k.every((b) => b === 0)) throw new RangeError('an X25519 shared secret of zero');
      return k;
    },
  };
}

function nistp256(): KexKeyPair {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return { publicKey, secret: (peer) => ecdh.computeSecret(peer) };
}

function modp(group: 'modp14' | 'modp16'): KexKeyPair {
  const dh = getDiffieHellman(group);
  dh.generateKeys();
  const p = BigInt(`0x${dh.getPrime('hex')}`);
  return {
    publicKey: dh.getPublicKey(),
    secret(peer) {
      // RFC 4253 §8: values of f outside [1, p-1] must not be accepted.
      const f = peer.length === 0 ? 0n : BigInt(`0x${Buffer.from(peer).toString('hex')}`);
      if (f <= 1n || f >= p - 1n) throw new RangeError('a Diffie-Hellman public value out of range');
      return dh.computeSecret(peer);
    },
  };
}

/** The key exchange methods we offer, best first. */
export const KEX_METHODS: readonly KexMethod[] = [
  { name: 'curve25519-sha256', hash: 'sha256', encoding: 'string', create: () => x25519() },
  { name: 'curve25519-sha256@libssh.org', hash: 'sha256', encoding: 'string', create: () => x25519() },
  { name: 'ecdh-sha2-nistp256', hash: 'sha256', encoding: 'string', create: nistp256 },
  { name: 'diffie-hellman-group14-sha256', hash: 'sha256', encoding: 'mpint', create: () => modp('modp14') },
  { name: 'diffie-hellman-group16-sha512', hash: 'sha512', encoding: 'mpint', create: () => modp('modp16') },
  // Only so that a server stuck in the SHA-1 era can still be asked; ssh-algorithms reports it.
  { name: 'diffie-hellman-group14-sha1', hash: 'sha1', encoding: 'mpint', create: () => modp('modp14') },
];

/** Host key algorithms we accept: any, since we look at the key rather than trust it. */
export const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
] as const;

export interface CipherSpec {
  readonly name: string;
  readonly node: string;
  readonly keyLength: number;
  readonly blockSize: number;
}

export const CIPHERS: readonly CipherSpec[] = [
  { name: 'aes128-ctr', node: 'aes-128-ctr', keyLength: 16, blockSize: 16 },
  { name: 'aes256-ctr', node: 'aes-256-ctr', keyLength: 32, blockSize: 16 },
  { name: 'aes192-ctr', node: 'aes-192-ctr', keyLength: 24, blockSize: 16 },
  { name: 'aes128-cbc', node: 'aes-128-cbc', keyLength: 16, blockSize: 16 },
  { name: 'aes256-cbc', node: 'aes-256-cbc', keyLength: 32, blockSize: 16 },
];

export interface MacSpec {
  readonly name: string;
  readonly hash: HashName;
  readonly keyLength: number;
  readonly length: number;
  /** OpenSSH's -etm@openssh.com: the length stays clear and the MAC covers the ciphertext. */
  readonly etm: boolean;
}

export const MACS: readonly MacSpec[] = [
  { name: 'hmac-sha2-256-etm@openssh.com', hash: 'sha256', keyLength: 32, length: 32, etm: true },
  { name: 'hmac-sha2-256', hash: 'sha256', keyLength: 32, length: 32, etm: false },
  { name: 'hmac-sha2-512-etm@openssh.com', hash: 'sha512', keyLength: 64, length: 64, etm: true },
  { name: 'hmac-sha2-512', hash: 'sha512', keyLength: 64, length: 64, etm: false },
  { name: 'hmac-sha1-etm@openssh.com', hash: 'sha1', keyLength: 20, length: 20, etm: true },
  { name: 'hmac-sha1', hash: 'sha1', keyLength: 20, length: 20, etm: false },
];

/** The first algorithm of the client's list that the server also offers (RFC 4253 §7.1); null when none. */
export function pick(client: readonly string[], server: readonly string[]): string | null {
  return client.find((name) => server.includes(name)) ?? null;
}

/** What goes into the exchange hash H (RFC 4253 §8, RFC 5656 §4, RFC 8731 §3). */
export interface ExchangeHashInput {
  readonly hash: HashName;
  readonly encoding: 'string' | 'mpint';
  readonly clientIdent: string;
  readonly serverIdent: string;
  readonly clientKexInit: Uint8Array;
  readonly serverKexInit: Uint8Array;
  readonly hostKey: Uint8Array;
  readonly clientPublic: Uint8Array;
  readonly serverPublic: Uint8Array;
  readonly secret: Uint8Array;
}

/** H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C/e || Q_S/f || K). */
export function exchangeHash(input: ExchangeHashInput): Buffer {
  const w = new SshWriter()
    .string(input.clientIdent)
    .string(input.serverIdent)
    .string(input.clientKexInit)
    .string(input.serverKexInit)
    .string(input.hostKey);
  if (input.encoding === 'string') w.string(input.clientPublic).string(input.serverPublic);
  else w.mpint(input.clientPublic).mpint(input.serverPublic);
  w.mpint(input.secret);
  return createHash(input.hash).update(w.bytes()).digest();
}

/**
 * Key derivation (RFC 4253 §7.2): HASH(K || H || letter || session_id), extended by HASH(K || H || K1 || …).
 * @example deriveKey('sha256', k, h, 'C', sessionId, 16) // the client-to-server encryption key of aes128-ctr
 */
export function deriveKey(
  hash: HashName,
  secret: Uint8Array,
  h: Uint8Array,
  letter: 'A' | 'B' | 'C' | 'D' | 'E' | 'F',
  sessionId: Uint8Array,
  length: number,
): Buffer {
  const k = new SshWriter().mpint(secret).bytes();
  let out = createHash(hash).update(k).update(h).update(letter, 'latin1').update(sessionId).digest();
  while (out.length < length) {
    out = Buffer.concat([out, createHash(hash).update(k).update(h).update(out).digest()]);
  }
  return out.subarray(0, length);
}

/** Keys of one direction of the connection. */
export interface DirectionKeys {
  readonly cipher: CipherSpec;
  readonly mac: MacSpec;
  readonly iv: Uint8Array;
  readonly key: Uint8Array;
  readonly macKey: Uint8Array;
}

/** Derive one direction's keys: client-to-server uses A, C, E; server-to-client B, D, F. */
export function directionKeys(
  hash: HashName,
  secret: Uint8Array,
  h: Uint8Array,
  sessionId: Uint8Array,
  direction: 'c2s' | 's2c',
  cipher: CipherSpec,
  mac: MacSpec,
): DirectionKeys {
  const [iv, key, integrity] = direction === 'c2s' ? (['A', 'C', 'E'] as const) : (['B', 'D', 'F'] as const);
  return {
    cipher,
    mac,
    iv: deriveKey(hash, secret, h, iv, sessionId, cipher.blockSize),
    key: deriveKey(hash, secret, h, key, sessionId, cipher.keyLength),
    macKey: deriveKey(hash, secret, h, integrity, sessionId, mac.keyLength),
  };
}

function seqBytes(seq: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(seq >>> 0);
  return b;
}

/** Encrypts and MACs outgoing packets of one direction (the cipher keeps its CTR/CBC state across packets). */
export class PacketSealer {
  readonly #cipher: Cipher;
  constructor(readonly keys: DirectionKeys) {
    this.#cipher = createCipheriv(keys.cipher.node, keys.key, keys.iv).setAutoPadding(false);
  }

  /** One packet for `payload` with sequence number `seq`. */
  seal(payload: Uint8Array, seq: number): Buffer {
    const { cipher, mac, macKey } = this.keys;
    const block = Math.max(8, cipher.blockSize);
    // The length field counts toward the block alignment except in encrypt-then-MAC mode, where it stays clear.
    const counted = (mac.etm ? 1 : 5) + payload.length;
    let padding = block - (counted % block);
    if (padding < 4) padding += block;
    const body = Buffer.concat([Uint8Array.of(padding), payload, randomBytes(padding)]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    if (mac.etm) {
      const encrypted = this.#cipher.update(body);
      const tag = createHmac(mac.hash, macKey).update(seqBytes(seq)).update(length).update(encrypted).digest();
      return Buffer.concat([length, encrypted, tag]);
    }
    const plain = Buffer.concat([length, body]);
    const tag = createHmac(mac.hash, macKey).update(seqBytes(seq)).update(plain).digest();
    return Buffer.concat([this.#cipher.update(plain), tag]);
  }
}

/**
 * Decrypts and checks incoming packets of one direction, in two steps so that the caller can read exactly what
 * the packet needs: `head` bytes first, then `rest(head)` more, then `open`.
 */
export class PacketOpener {
  readonly #decipher: Decipher;
  #headPlain: Buffer = Buffer.alloc(0);
  #length = 0;
  constructor(readonly keys: DirectionKeys) {
    this.#decipher = createDecipheriv(keys.cipher.node, keys.key, keys.iv).setAutoPadding(false);
  }

  /** Bytes to read first: the clear length (etm) or the first cipher block. */
  get head(): number {
    return this.keys.mac.etm ? 4 : Math.max(8, this.keys.cipher.blockSize);
  }

  /** From the first bytes, how many more the packet takes (MAC included); throws on an impossible length. */
  rest(head: Uint8Array): number {
    const block = Math.max(8, this.keys.cipher.blockSize);
    const etm = this.keys.mac.etm;
    this.#headPlain = etm ? Buffer.from(head) : this.#decipher.update(head);
    const length = this.#headPlain.readUInt32BE(0);
    const aligned = etm ? length : length + 4;
    if (length < 5 || length > MAX_PACKET || aligned % block !== 0) {
      throw new RangeError(`an encrypted SSH packet length of ${length} (bad key or not SSH)`);
    }
    this.#length = length;
    return 4 + length - head.length + this.keys.mac.length;
  }

  /** The payload, after checking the MAC; throws when the MAC or the padding is wrong. */
  open(head: Uint8Array, rest: Uint8Array, seq: number): Buffer {
    const { mac, macKey } = this.keys;
    const bodyEnd = rest.length - mac.length;
    const tag = rest.subarray(bodyEnd);
    let packet: Buffer;
    let expected: Buffer;
    if (mac.etm) {
      const encrypted = rest.subarray(0, bodyEnd);
      expected = createHmac(mac.hash, macKey).update(seqBytes(seq)).update(head).update(encrypted).digest();
      packet = Buffer.concat([head, this.#decipher.update(encrypted)]);
    } else {
      packet = Buffer.concat([this.#headPlain, this.#decipher.update(rest.subarray(0, bodyEnd))]);
      expected = createHmac(mac.hash, macKey).update(seqBytes(seq)).update(packet).digest();
    }
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) {
      throw new RangeError('an SSH packet with a wrong MAC');
    }
    const padding = packet[4] ?? 0;
    if (padding < 4 || padding + 1 > this.#length) throw new RangeError('an SSH packet with impossible padding');
    return packet.subarray(5, 4 + this.#length - padding);
  }
}

/** The type and SHA-256 fingerprint (OpenSSH's `SHA256:` form) of a host key blob (RFC 4253 §6.6). */
export function hostKeyInfo(blob: Uint8Array): { type: string; fingerprint: string } {
  let type = '';
  try {
    type = Buffer.from(new SshReader(blob).string()).toString('latin1');
  } catch {
    type = 'unknown';
  }
  const digest = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
  return { type, fingerprint: `SHA256:${digest}` };
}
