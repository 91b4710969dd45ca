/**
 * An SSH-2 transport client (RFC 4253) over a capped Stream: identification, algorithm negotiation, one key
 * exchange, NEWKEYS, then encrypted packets. The host key is not verified against anything: a scanner looks at
 * it (type and fingerprint) and does not trust it. Nothing here authenticates; see userauth.ts.
 */
import { randomBytes } from 'node:crypto';
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import {
  CLIENT_IDENT,
  SSH_MSG_KEXINIT,
  SshReader,
  SshWriter,
  encodeKexInit,
  encodePacket,
  packetPayload,
  parseKexInit,
  sshPacketLength,
  type KexInit,
} from './codec.js';
import {
  CIPHERS,
  HOST_KEY_ALGORITHMS,
  KEX_METHODS,
  MACS,
  PacketOpener,
  PacketSealer,
  directionKeys,
  exchangeHash,
  hostKeyInfo,
  pick,
} from './kex.js';
import { readIdent } from './client.js';

export const SSH_MSG_DISCONNECT = 1;
export const SSH_MSG_IGNORE = 2;
export const SSH_MSG_UNIMPLEMENTED = 3;
export const SSH_MSG_DEBUG = 4;
export const SSH_MSG_NEWKEYS = 21;
export const SSH_MSG_KEX_ECDH_INIT = 30;
export const SSH_MSG_KEX_ECDH_REPLY = 31;

/** OpenSSH's strict-kex markers (the Terrapin countermeasure): sequence numbers restart at each NEWKEYS. */
const STRICT_C = 'kex-strict-c-v00@openssh.com';
const STRICT_S = 'kex-strict-s-v00@openssh.com';

/** Messages a peer may send between others (IGNORE, DEBUG, UNIMPLEMENTED) that we skip, at most this many in a row. */
const MAX_SKIPPED = 32;

/** What the key exchange settled and what the server showed. */
export interface TransportInfo {
  readonly serverIdent: string;
  readonly kex: string;
  readonly hostKeyAlgorithm: string;
  readonly cipher: string;
  readonly mac: string;
  readonly strictKex: boolean;
  /** The key type named inside the host key blob, e.g. ssh-ed25519. */
  readonly hostKeyType: string;
  /** `SHA256:` + unpadded base64 of the SHA-256 of the host key blob, as ssh-keygen -l prints it. */
  readonly hostKeyFingerprint: string;
  readonly serverKexInit: KexInit;
}

function badReply(message: string, cause?: unknown): NetworkError {
  return new NetworkError('BAD_REPLY', message, cause === undefined ? {} : { cause });
}

/** Run `read`, turning the codec's RangeErrors (impossible lengths, bad MAC) into BAD_REPLY. */
async function guarded<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof RangeError) throw badReply(err.message, err);
    throw err;
  }
}

/** The DISCONNECT reason a server gave, as text. */
export function parseDisconnect(payload: Uint8Array): string {
  try {
    const r = new SshReader(payload);
    r.byte();
    const code = r.uint32();
    const text = Buffer.from(r.string()).toString('utf8').slice(0, 200);
    return `${code} ${text}`.trim();
  } catch {
    return 'no reason';
  }
}

/** Restrict what we offer (tests pin one algorithm at a time); the default offers everything we implement. */
export interface TransportOffer {
  readonly kex?: readonly string[];
  readonly cipher?: readonly string[];
  readonly mac?: readonly string[];
}

/** An SSH connection after the key exchange: send and receive payloads, encrypted. */
export class SshTransport {
  readonly #stream: Stream;
  readonly #offer: { kex: string[]; cipher: string[]; mac: string[] };
  #sendSeq = 0;
  #recvSeq = 0;
  #sealer: PacketSealer | null = null;
  #opener: PacketOpener | null = null;
  #info: TransportInfo | null = null;
  #sessionId: Uint8Array = new Uint8Array(0);

  constructor(stream: Stream, offer: TransportOffer = {}) {
    this.#stream = stream;
    const only = (all: readonly string[], wanted: readonly string[] | undefined): string[] =>
      all.filter((name) => wanted === undefined || wanted.includes(name));
    this.#offer = {
      kex: only(
        KEX_METHODS.map((m) => m.name),
        offer.kex,
      ),
      cipher: only(
        CIPHERS.map((c) => c.name),
        offer.cipher,
      ),
      mac: only(
        MACS.map((m) => m.name),
        offer.mac,
      ),
    };
  }

  get info(): TransportInfo {
    if (this.#info === null) throw new Error('no key exchange yet');
    return this.#info;
  }

  get sessionId(): Uint8Array {
    return this.#sessionId;
  }

  send(payload: Uint8Array): void {
    const packet = this.#sealer === null ? encodePacket(payload) : this.#sealer.seal(payload, this.#sendSeq);
    this.#sendSeq = (this.#sendSeq + 1) >>> 0;
    this.#stream.write(packet);
  }

  /** The next packet's payload, as sent (no message is skipped). */
  async #receiveRaw(): Promise<Uint8Array> {
    const opener = this.#opener;
    const payload = await guarded(async () => {
      if (opener === null) {
        const p = packetPayload(await this.#stream.read(sshPacketLength));
        if (p === null) throw badReply('an SSH packet with impossible padding');
        return p;
      }
      const head = await this.#stream.readExactly(opener.head);
      const rest = await this.#stream.readExactly(opener.rest(head));
      return opener.open(head, rest, this.#recvSeq);
    });
    this.#recvSeq = (this.#recvSeq + 1) >>> 0;
    if (payload.length === 0) throw badReply('an empty SSH packet');
    return payload;
  }

  /**
   * The next meaningful payload: IGNORE, DEBUG and UNIMPLEMENTED are skipped (a bounded number), DISCONNECT
   * becomes an error. During a strict key exchange nothing may be skipped.
   */
  async receive(strict = false): Promise<Uint8Array> {
    for (let i = 0; i <= MAX_SKIPPED; i++) {
      const payload = await this.#receiveRaw();
      const type = payload[0];
      if (type === SSH_MSG_DISCONNECT) {
        throw new NetworkError('NETWORK', `the server disconnected: ${parseDisconnect(payload)}`);
      }
      if (type === SSH_MSG_IGNORE || type === SSH_MSG_DEBUG || type === SSH_MSG_UNIMPLEMENTED) {
        if (strict) throw badReply(`message ${type} during a strict key exchange`);
        continue;
      }
      return payload;
    }
    throw badReply(`more than ${MAX_SKIPPED} IGNORE/DEBUG messages in a row`);
  }

  /** Say goodbye (SSH_DISCONNECT_BY_APPLICATION); errors are ignored since we close anyway. */
  disconnect(): void {
    try {
      this.send(new SshWriter().byte(SSH_MSG_DISCONNECT).uint32(11).string('bye').string('').bytes());
    } catch {
      // the stream is already broken
    }
  }

  /** Identification and one key exchange; afterwards send/receive are encrypted. */
  async handshake(): Promise<TransportInfo> {
    this.#stream.write(`${CLIENT_IDENT}\r\n`);
    const { ident, line } = await readIdent(this.#stream);
    if (ident.protoVersion !== '2.0' && ident.protoVersion !== '1.99') {
      throw badReply(`SSH protocol ${ident.protoVersion}, not 2.0`);
    }
    const clientKexInit = encodeKexInit(randomBytes(16), {
      kex: [...this.#offer.kex, STRICT_C],
      hostKey: HOST_KEY_ALGORITHMS,
      cipher: this.#offer.cipher,
      mac: this.#offer.mac,
    });
    this.send(clientKexInit);
    const serverKexInitPayload = await this.receive();
    const server = serverKexInitPayload[0] === SSH_MSG_KEXINIT ? parseKexInit(serverKexInitPayload) : null;
    if (server === null) throw badReply('the server did not start with a KEXINIT');
    const strict = server.kex.includes(STRICT_S);
    if (strict && this.#recvSeq !== 1) throw badReply('strict kex, but KEXINIT was not the first packet');

    const { kex, cipher, mac } = this.#offer;
    const chosen = <T extends { name: string }>(
      all: readonly T[],
      ours: readonly string[],
      theirs: readonly string[],
    ) => all.find((a) => a.name === pick(ours, theirs));
    const method = chosen(KEX_METHODS, kex, server.kex);
    const hostKeyAlgorithm = pick(HOST_KEY_ALGORITHMS, server.hostKey);
    const cipherC2S = chosen(CIPHERS, cipher, server.cipherC2S);
    const cipherS2C = chosen(CIPHERS, cipher, server.cipherS2C);
    const macC2S = chosen(MACS, mac, server.macC2S);
    const macS2C = chosen(MACS, mac, server.macS2C);
    if (method === undefined) throw badReply(`no common key exchange method (server: ${server.kex.join(',')})`);
    if (hostKeyAlgorithm === null) throw badReply(`no common host key algorithm (${server.hostKey.join(',')})`);
    if (cipherC2S === undefined || cipherS2C === undefined) {
      throw badReply(`no common cipher (server: ${server.cipherS2C.join(',')})`);
    }
    if (macC2S === undefined || macS2C === undefined) {
      throw badReply(`no common MAC (server: ${server.macS2C.join(',')})`);
    }
    if (!server.compressionC2S.includes('none') || !server.compressionS2C.includes('none')) {
      throw badReply('the server requires compression');
    }
    // RFC 4253 §7: a wrong guess of the server's first kex packet must be ignored.
    const wrongGuess =
      server.firstKexPacketFollows && (server.kex[0] !== method.name || server.hostKey[0] !== hostKeyAlgorithm);

    const keyPair = method.create();
    const init = new SshWriter().byte(SSH_MSG_KEX_ECDH_INIT);
    if (method.encoding === 'string') init.string(keyPair.publicKey);
    else init.mpint(keyPair.publicKey);
    this.send(init.bytes());

    if (wrongGuess) await this.receive(strict);
    const reply = await this.receive(strict);
    if (reply[0] !== SSH_MSG_KEX_ECDH_REPLY) throw badReply(`message ${reply[0] ?? -1} instead of the KEX reply`);
    let hostKey: Uint8Array;
    let serverPublic: Uint8Array;
    try {
      const r = new SshReader(reply);
      r.byte();
      hostKey = r.string();
      serverPublic = r.string();
      r.string(); // the signature of H: not verified, we do not trust the key (see the module comment)
    } catch (err) {
      throw badReply('a truncated KEX reply', err);
    }
    if (method.encoding === 'mpint' && serverPublic[0] === 0) serverPublic = serverPublic.subarray(1);
    let secret: Uint8Array;
    try {
      secret = keyPair.secret(serverPublic);
    } catch (err) {
      throw badReply(`the server's key exchange value is unusable: ${err instanceof Error ? err.message : ''}`, err);
    }
    const h = exchangeHash({
      hash: method.hash,
      encoding: method.encoding,
      clientIdent: CLIENT_IDENT,
      serverIdent: line,
      clientKexInit,
      serverKexInit: serverKexInitPayload,
      hostKey,
      clientPublic: keyPair.publicKey,
      serverPublic,
      secret,
    });
    this.#sessionId = h;

    this.send(Uint8Array.of(SSH_MSG_NEWKEYS));
    this.#sealer = new PacketSealer(directionKeys(method.hash, secret, h, h, 'c2s', cipherC2S, macC2S));
    if (strict) this.#sendSeq = 0;
    const newkeys = await this.receive(strict);
    if (newkeys[0] !== SSH_MSG_NEWKEYS) throw badReply(`message ${newkeys[0] ?? -1} instead of NEWKEYS`);
    this.#opener = new PacketOpener(directionKeys(method.hash, secret, h, h, 's2c', cipherS2C, macS2C));
    if (strict) this.#recvSeq = 0;

    const key = hostKeyInfo(hostKey);
    this.#info = {
      serverIdent: line,
      kex: method.name,
      hostKeyAlgorithm,
      cipher: cipherS2C.name,
      mac: macS2C.name,
      strictKex: strict,
      hostKeyType: key.type,
      hostKeyFingerprint: key.fingerprint,
      serverKexInit: server,
    };
    return this.#info;
  }
}
