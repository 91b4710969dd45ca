/** Thin SMTP client over a capped Stream: greeting, commands and their replies, EHLO with HELO fallback, STARTTLS. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import { parseEhlo, parseSmtpReply, smtpCommand, smtpReplyFramer, type EhloInfo, type SmtpReply } from './codec.js';

export interface SmtpConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly signal: AbortSignal;
  /** Deadline of the connection and of each reply. */
  readonly timeoutMs: number;
  /** Implicit TLS (port 465, RFC 8314) instead of plain TCP. */
  readonly tls: boolean;
}

/** What a TLS session negotiated, for evidence (certificate judgement is the tls-certificate check's job). */
export interface TlsSessionInfo {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validTo: string | null;
  readonly fingerprint256: string | null;
}

/** The name we greet with: RFC 5321 allows an address literal when the client has no meaningful domain. */
export const CLIENT_NAME = 'portwarden.invalid';

/** Bytes one SMTP conversation may receive in all. */
const MAX_BYTES = 256 * 1024;

/** One SMTP conversation. Every reply is capped in bytes and time; a reply that is not SMTP is a BAD_REPLY error. */
export class SmtpSession {
  readonly #stream: Stream;
  /** The 220 (or 421/554) greeting. */
  readonly greeting: SmtpReply;

  private constructor(stream: Stream, greeting: SmtpReply) {
    this.#stream = stream;
    this.greeting = greeting;
  }

  /** Connect and read the greeting. The caller must `close()` the session. */
  static async open(options: SmtpConnectOptions): Promise<SmtpSession> {
    const stream = await openStream({
      host: options.host,
      port: options.port,
      signal: options.signal,
      tls: options.tls,
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: MAX_BYTES },
    });
    try {
      return new SmtpSession(stream, await readReply(stream));
    } catch (err) {
      stream.close();
      throw err;
    }
  }

  /** Whether the session runs inside TLS (implicit or after STARTTLS). */
  get tls(): boolean {
    return this.#stream.tls !== null;
  }

  /** The TLS protocol version, cipher and the server certificate's names and expiry, once inside TLS. */
  get tlsInfo(): TlsSessionInfo | null {
    const socket = this.#stream.tls;
    if (socket === null) return null;
    const cert = socket.getPeerCertificate();
    const has = Object.keys(cert).length > 0;
    const cn = (name: unknown): string | null => {
      const value = (name as Record<string, unknown> | undefined)?.['CN'];
      return typeof value === 'string' ? value : Array.isArray(value) ? value.map(String).join(', ') : null;
    };
    return {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      subject: has ? cn(cert.subject) : null,
      issuer: has ? cn(cert.issuer) : null,
      validTo: has ? cert.valid_to : null,
      fingerprint256: has ? cert.fingerprint256 : null,
    };
  }

  /** Send one command and read its reply. */
  async command(verb: string, argument?: string): Promise<SmtpReply> {
    this.#stream.write(smtpCommand(verb, argument));
    return readReply(this.#stream);
  }

  /** EHLO, falling back to HELO when the server does not know it (RFC 5321 §3.2); `ehlo` is null after HELO. */
  async hello(name = CLIENT_NAME): Promise<{ reply: SmtpReply; ehlo: EhloInfo | null }> {
    const reply = await this.command('EHLO', name);
    if (reply.code === 250) return { reply, ehlo: parseEhlo(reply) };
    if (reply.code >= 500 && reply.code !== 554) return { reply: await this.command('HELO', name), ehlo: null };
    return { reply, ehlo: null };
  }

  /** STARTTLS (RFC 3207): the 220 go-ahead, then the handshake. Returns the reply when the server refused. */
  async startTls(): Promise<SmtpReply | null> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) return reply;
    await this.#stream.startTls();
    return null;
  }

  /** QUIT politely, without waiting long for the 221; then close. */
  async quit(): Promise<void> {
    try {
      this.#stream.write(smtpCommand('QUIT'));
      await this.#stream.read(smtpReplyFramer, 1_000);
    } catch {
      // The server may close first; the session ends either way.
    } finally {
      this.close();
    }
  }

  close(): void {
    this.#stream.close();
  }
}

async function readReply(stream: Stream): Promise<SmtpReply> {
  const bytes = await stream.read(smtpReplyFramer);
  const reply = parseSmtpReply(bytes);
  if (reply === null) {
    const head = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
    throw new NetworkError('BAD_REPLY', `not an SMTP reply: ${JSON.stringify(head)}`);
  }
  return reply;
}
