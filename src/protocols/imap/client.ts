/** Thin IMAP client over a capped Stream: greeting, tagged commands and their untagged responses, STARTTLS. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import {
  imapCommand,
  imapResponseFramer,
  parseImapGreeting,
  parseTagged,
  type ImapGreeting,
  type ImapTagged,
} from './codec.js';

export interface ImapConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Implicit TLS (port 993). */
  readonly tls: boolean;
}

const MAX_BYTES = 256 * 1024;
/** Untagged responses one command may bring before its completion; CAPABILITY brings one. */
const MAX_UNTAGGED = 100;

/** The responses to one command: the untagged lines before the completion, then the completion. */
export interface ImapResult {
  readonly untagged: readonly string[];
  readonly tagged: ImapTagged;
}

/** One IMAP conversation. */
export class ImapSession {
  readonly #stream: Stream;
  readonly greeting: ImapGreeting;
  #next = 1;

  private constructor(stream: Stream, greeting: ImapGreeting) {
    this.#stream = stream;
    this.greeting = greeting;
  }

  /** Connect and read the greeting. The caller must `close()` the session. */
  static async open(options: ImapConnectOptions): Promise<ImapSession> {
    const stream = await openStream({
      host: options.host,
      port: options.port,
      signal: options.signal,
      tls: options.tls,
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: MAX_BYTES },
    });
    try {
      const line = await stream.read(imapResponseFramer);
      const greeting = parseImapGreeting(line);
      if (greeting === null) throw badReply(line);
      return new ImapSession(stream, greeting);
    } catch (err) {
      stream.close();
      throw err;
    }
  }

  get tls(): boolean {
    return this.#stream.tls !== null;
  }

  /** Send one tagged command and read up to its completion. */
  async command(command: string): Promise<ImapResult> {
    const tag = `pw${this.#next++}`;
    this.#stream.write(imapCommand(tag, command));
    const untagged: string[] = [];
    for (;;) {
      const bytes = await this.#stream.read(imapResponseFramer);
      const text = Buffer.from(bytes)
        .toString('latin1')
        .replace(/\r?\n$/, '');
      const tagged = parseTagged(text, tag);
      if (tagged !== null) return { untagged, tagged };
      if (!text.startsWith('* ') && !text.startsWith('+')) throw badReply(bytes);
      if (untagged.length >= MAX_UNTAGGED) throw new NetworkError('BAD_REPLY', 'too many IMAP untagged responses');
      untagged.push(text);
    }
  }

  /** STARTTLS (RFC 3501 §6.2.1); returns the completion when the server refused, null once inside TLS. */
  async startTls(): Promise<ImapTagged | null> {
    const { tagged } = await this.command('STARTTLS');
    if (tagged.status !== 'ok') return tagged;
    await this.#stream.startTls();
    return null;
  }

  /** LOGOUT without waiting long; then close. */
  async logout(): Promise<void> {
    try {
      this.#stream.write(imapCommand(`pw${this.#next++}`, 'LOGOUT'));
      await this.#stream.read(imapResponseFramer, 1_000);
    } catch {
      // The server may close first.
    } finally {
      this.close();
    }
  }

  close(): void {
    this.#stream.close();
  }
}

function badReply(bytes: Uint8Array): NetworkError {
  const head = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
  return new NetworkError('BAD_REPLY', `not an IMAP response: ${JSON.stringify(head)}`);
}
