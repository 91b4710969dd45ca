/**
 * A thin FTP control session over a capped Stream: greeting, commands, login and one passive listing. Data
 * connections go to the control connection's own address whatever PASV names, so a reply pointing at a third host
 * is recorded but never followed.
 */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import { ftpReplyLength, parseEpsv, parseFtpReply, parsePasv, type FtpReply, type PassiveTarget } from './codec.js';

export interface FtpOptions {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Bytes a listing may have before it is cut. */
export const MAX_LISTING = 64 * 1024;

/** An open control connection, after the greeting. */
export class FtpSession {
  readonly #stream: Stream;
  readonly #options: FtpOptions;
  readonly greeting: FtpReply;

  private constructor(stream: Stream, options: FtpOptions, greeting: FtpReply) {
    this.#stream = stream;
    this.#options = options;
    this.greeting = greeting;
  }

  /** Connect and read the greeting (120 "wait" replies are skipped until the final one). */
  static async open(options: FtpOptions): Promise<FtpSession> {
    const stream = await openStream({
      host: options.host,
      port: options.port,
      ...(options.signal !== undefined && { signal: options.signal }),
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: 256 * 1024 },
    });
    try {
      let greeting = await readReply(stream);
      for (let i = 0; i < 3 && greeting.code === 120; i++) greeting = await readReply(stream);
      return new FtpSession(stream, options, greeting);
    } catch (err) {
      stream.close();
      throw err;
    }
  }

  /** Send one command and read its reply. CR and LF in arguments are refused (no command injection). */
  async command(line: string): Promise<FtpReply> {
    if (/[\r\n]/.test(line)) throw new RangeError('an FTP command is one line');
    this.#stream.write(`${line}\r\n`);
    return readReply(this.#stream);
  }

  /** USER then PASS when asked for one; the final reply (230 = logged in). */
  async login(user: string, password: string): Promise<{ user: FtpReply; pass: FtpReply | null }> {
    const u = await this.command(`USER ${user}`);
    if (u.code !== 331 && u.code !== 332) return { user: u, pass: null };
    return { user: u, pass: await this.command(`PASS ${password}`) };
  }

  /** Ask for a passive endpoint: EPSV on IPv6 (PASV cannot name one), PASV otherwise, EPSV as fallback. */
  async passive(): Promise<{ reply: FtpReply; target: PassiveTarget | null }> {
    if (this.#options.host.includes(':')) {
      const reply = await this.command('EPSV');
      return { reply, target: parseEpsv(reply) };
    }
    const reply = await this.command('PASV');
    const target = parsePasv(reply);
    if (target !== null || reply.code === 227) return { reply, target };
    const epsv = await this.command('EPSV');
    return { reply: epsv, target: parseEpsv(epsv) };
  }

  /**
   * Run a data command (LIST, NLST) over a passive connection to the control host and return what arrives, capped
   * in bytes; `truncated` tells when the cap cut it. The passive address the server named is never used.
   */
  async transfer(
    command: string,
    send?: Uint8Array,
  ): Promise<{ data: Uint8Array; truncated: boolean; final: FtpReply }> {
    const { reply, target } = await this.passive();
    if (target === null) throw new NetworkError('BAD_REPLY', `no passive endpoint: ${reply.code}`);
    const data = await openStream({
      host: this.#options.host,
      port: target.port,
      ...(this.#options.signal !== undefined && { signal: this.#options.signal }),
      limits: {
        connectTimeoutMs: this.#options.timeoutMs,
        readTimeoutMs: this.#options.timeoutMs,
        maxBytes: MAX_LISTING + 1,
      },
    });
    try {
      const start = await this.command(command);
      if (start.code !== 125 && start.code !== 150) return { data: new Uint8Array(0), truncated: false, final: start };
      if (send !== undefined) {
        data.write(send);
        data.close();
        return { data: new Uint8Array(0), truncated: false, final: await readReply(this.#stream) };
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      let truncated = false;
      const deadline = Date.now() + this.#options.timeoutMs;
      while (!data.closed && Date.now() < deadline) {
        let chunk: Uint8Array;
        try {
          chunk = await data.readAvailable(Math.max(1, deadline - Date.now()), MAX_LISTING);
        } catch (err) {
          if (err instanceof NetworkError && err.code === 'BAD_REPLY') {
            truncated = true;
            break;
          }
          throw err;
        }
        if (chunk.length === 0 && isClosed(data)) break;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_LISTING) {
          truncated = true;
          break;
        }
      }
      if (!data.closed) truncated = true;
      data.close();
      const all = Buffer.concat(chunks).subarray(0, MAX_LISTING);
      // After a cut the server may answer 426 or nothing useful; only wait for its final reply when complete.
      const final = truncated ? { code: 0, lines: ['cut by portwarden'] } : await readReply(this.#stream);
      return { data: all, truncated, final };
    } finally {
      data.close();
    }
  }

  close(): void {
    try {
      this.#stream.write('QUIT\r\n');
    } catch {
      // Already closed.
    }
    this.#stream.close();
  }
}

/** A getter read through a call, so flow analysis does not freeze it at the loop's test. */
const isClosed = (s: Stream): boolean => s.closed;

async function readReply(stream: Stream): Promise<FtpReply> {
  return parseFtpReply(await stream.read((b) => ftpReplyLength(b)));
}

/** Open a session, run `use`, always close. */
export async function withFtp<T>(options: FtpOptions, use: (s: FtpSession) => Promise<T>): Promise<T> {
  const session = await FtpSession.open(options);
  try {
    return await use(session);
  } finally {
    session.close();
  }
}

/** The password sent with `anonymous`: an e-mail-like string, as RFC 1635 asks, in a reserved domain. */
export const ANONYMOUS_PASSWORD = 'portwarden@example.org';

/** Log in as `anonymous`; true when the server answered 230 (or 202, "already logged in"). */
export async function anonymousLogin(session: FtpSession): Promise<{ ok: boolean; reply: FtpReply }> {
  const { user, pass } = await session.login('anonymous', ANONYMOUS_PASSWORD);
  const reply = pass ?? user;
  return { ok: reply.code === 230 || reply.code === 202, reply };
}

/** A check's way to say a network failure happened: the error's message, or rethrow anything else. */
export function networkFailure(err: unknown): { status: 'error'; error: string } {
  if (err instanceof NetworkError || err instanceof RangeError) return { status: 'error', error: err.message };
  throw err;
}
