/** Thin POP3 client over a capped Stream: greeting, status commands, CAPA. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import {
  parseCapa,
  parsePop3Status,
  pop3Command,
  pop3LineFramer,
  pop3MultilineFramer,
  type Pop3Capabilities,
  type Pop3Status,
} from './codec.js';

export interface Pop3ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Implicit TLS (port 995). */
  readonly tls: boolean;
}

const MAX_BYTES = 256 * 1024;

/** One POP3 conversation; a line that is neither +OK nor -ERR is a BAD_REPLY error. */
export class Pop3Session {
  readonly #stream: Stream;
  readonly greeting: Pop3Status;

  private constructor(stream: Stream, greeting: Pop3Status) {
    this.#stream = stream;
    this.greeting = greeting;
  }

  /** Connect and read the greeting. The caller must `close()` the session. */
  static async open(options: Pop3ConnectOptions): Promise<Pop3Session> {
    const stream = await openStream({
      host: options.host,
      port: options.port,
      signal: options.signal,
      tls: options.tls,
      limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: MAX_BYTES },
    });
    try {
      return new Pop3Session(stream, await readStatus(stream));
    } catch (err) {
      stream.close();
      throw err;
    }
  }

  get tls(): boolean {
    return this.#stream.tls !== null;
  }

  /** Send a command answered by one status line. */
  async command(verb: string, argument?: string): Promise<Pop3Status> {
    this.#stream.write(pop3Command(verb, argument));
    return readStatus(this.#stream);
  }

  /** CAPA (RFC 2449); null when the server answers -ERR (it predates CAPA). */
  async capa(): Promise<Pop3Capabilities | null> {
    this.#stream.write(pop3Command('CAPA'));
    const bytes = await this.#stream.read(pop3MultilineFramer);
    const status = parsePop3Status(bytes.subarray(0, pop3LineFramer(bytes)));
    if (status === null) throw badReply(bytes);
    if (!status.ok) return null;
    const caps = parseCapa(bytes);
    if (caps === null) throw badReply(bytes);
    return caps;
  }

  /** QUIT without waiting long for the answer; then close. */
  async quit(): Promise<void> {
    try {
      this.#stream.write(pop3Command('QUIT'));
      await this.#stream.read(pop3LineFramer, 1_000);
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

async function readStatus(stream: Stream): Promise<Pop3Status> {
  const bytes = await stream.read(pop3LineFramer);
  const status = parsePop3Status(bytes);
  if (status === null) throw badReply(bytes);
  return status;
}

function badReply(bytes: Uint8Array): NetworkError {
  const head = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
  return new NetworkError('BAD_REPLY', `not a POP3 reply: ${JSON.stringify(head)}`);
}
