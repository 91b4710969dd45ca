/**
 * Thin TCP (and TLS) client I/O for identification and checks, with every read capped in bytes and time.
 * Protocol logic stays in the pure codecs; this only moves bytes. A peer that is slow, endless, silent or
 * hostile costs at most the caps, never a hang: each read has its own deadline, each connection a total byte cap.
 */
import { Socket, isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { NetworkError } from '../../core/errors.js';

/** Limits of one connection. */
export interface StreamLimits {
  /** Connect (and TLS handshake) deadline. */
  readonly connectTimeoutMs: number;
  /** Deadline of each read. */
  readonly readTimeoutMs: number;
  /** Bytes the peer may send over the whole connection before it is cut. */
  readonly maxBytes: number;
}

export const DEFAULT_LIMITS: StreamLimits = { connectTimeoutMs: 5_000, readTimeoutMs: 5_000, maxBytes: 1 << 20 };

export interface TlsOptions {
  /** SNI; omitted for IP literals. */
  readonly servername?: string;
  /** ALPN protocols to offer. */
  readonly alpn?: readonly string[];
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly signal?: AbortSignal;
  readonly limits?: Partial<StreamLimits>;
  /** Wrap in TLS from the first byte. Certificates are never verified: we look at them, we do not trust them. */
  readonly tls?: TlsOptions | boolean;
}

/**
 * Decides how much of the buffered bytes make one message: the number of bytes to consume, or -1 for "need more".
 * @example untilCrlf // a line ending in \r\n or \n
 */
export type Framer = (buffered: Uint8Array) => number;

/** A line ending with \n (\r\n included); -1 until one arrives. */
export const untilLine: Framer = (b) => {
  const i = b.indexOf(0x0a);
  return i < 0 ? -1 : i + 1;
};

/** A connection with buffered, capped reads. */
export class Stream {
  #socket: Socket | TLSSocket;
  readonly #limits: StreamLimits;
  readonly #signal: AbortSignal | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #received = 0;
  #ended = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;

  /** Use `openStream`. */
  constructor(socket: Socket | TLSSocket, limits: StreamLimits, signal: AbortSignal | undefined) {
    this.#socket = socket;
    this.#limits = limits;
    this.#signal = signal;
    this.#attach(socket);
  }

  /** The peer's TLS session, when the stream is TLS. */
  get tls(): TLSSocket | null {
    return 'getPeerCertificate' in this.#socket ? this.#socket : null;
  }

  /** Bytes received so far over the whole connection. */
  get received(): number {
    return this.#received;
  }

  #attach(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      if (this.#received > this.#limits.maxBytes) {
        this.#fail(new NetworkError('BAD_REPLY', `the peer sent more than ${this.#limits.maxBytes} bytes`));
        socket.destroy();
        return;
      }
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#notify();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on('error', (err: Error) => {
      this.#fail(new NetworkError('NETWORK', err.message, { cause: err }));
    });
  }

  #fail(err: Error): void {
    this.#error ??= err;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Wait for more bytes, the end, an error, the deadline or the abort. */
  #waitMore(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const left = deadline - Date.now();
      if (left <= 0) {
        reject(new NetworkError('TIMEOUT', `no reply within ${this.#limits.readTimeoutMs} ms`));
        return;
      }
      const onAbort = (): void => {
        cleanup();
        reject(new NetworkError('TIMEOUT', 'aborted'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new NetworkError('TIMEOUT', `no reply within ${this.#limits.readTimeoutMs} ms`));
      }, left);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#signal?.removeEventListener('abort', onAbort);
        this.#wake = null;
      };
      this.#signal?.addEventListener('abort', onAbort, { once: true });
      this.#wake = () => {
        cleanup();
        resolve();
      };
    });
  }

  /**
   * Read one message as framed by `framer`. At the end of the stream, what is buffered is returned if `framer`
   * accepts a partial message by returning its length; otherwise it is an error.
   */
  async read(framer: Framer, timeoutMs = this.#limits.readTimeoutMs): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#signal?.aborted === true) throw new NetworkError('TIMEOUT', 'aborted');
      const n = this.#buffer.length > 0 ? framer(this.#buffer) : -1;
      if (n >= 0) {
        const message = this.#buffer.subarray(0, n);
        this.#buffer = this.#buffer.subarray(n);
        return message;
      }
      if (this.#error !== null) throw this.#error;
      if (this.#ended) {
        throw new NetworkError(
          this.#buffer.length > 0 ? 'BAD_REPLY' : 'NETWORK',
          this.#buffer.length > 0 ? 'the connection closed in the middle of a reply' : 'the peer closed the connection',
        );
      }
      await this.#waitMore(deadline);
    }
  }

  /** Read exactly `n` bytes. */
  readExactly(n: number, timeoutMs?: number): Promise<Uint8Array> {
    return this.read((b) => (b.length >= n ? n : -1), timeoutMs);
  }

  /** Read one line (up to and including \n), at most `maxLine` bytes. */
  async readLine(maxLine = 8192, timeoutMs?: number): Promise<string> {
    const bytes = await this.read((b) => {
      const i = b.indexOf(0x0a);
      if (i >= 0) return i + 1;
      if (b.length > maxLine) throw new NetworkError('BAD_REPLY', `a line longer than ${maxLine} bytes`);
      return -1;
    }, timeoutMs);
    return Buffer.from(bytes).toString('latin1');
  }

  /** Whatever arrives within `waitMs` (possibly nothing), for banners of unknown shape. */
  async readAvailable(waitMs: number, maxBytes = 4096): Promise<Uint8Array> {
    const deadline = Date.now() + waitMs;
    while (this.#buffer.length < maxBytes && !this.#ended && this.#error === null) {
      try {
        await this.#waitMore(deadline);
      } catch (err) {
        if (err instanceof NetworkError && err.code === 'TIMEOUT' && this.#signal?.aborted !== true) break;
        throw err;
      }
    }
    if (this.#buffer.length === 0 && this.#error !== null) throw this.#error;
    const n = Math.min(maxBytes, this.#buffer.length);
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** Whether the peer has closed its side and nothing is buffered. */
  get closed(): boolean {
    return this.#ended && this.#buffer.length === 0;
  }

  write(data: Uint8Array | string): void {
    if (this.#error !== null) throw this.#error;
    this.#socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** STARTTLS: wrap the connection in TLS after the plaintext negotiation. Buffered plaintext is discarded. */
  async startTls(options: TlsOptions = {}): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    this.#buffer = Buffer.alloc(0);
    this.#socket = await handshake({ socket: plain }, options, this.#limits.connectTimeoutMs, this.#signal);
    this.#attach(this.#socket);
  }

  close(): void {
    this.#socket.destroy();
  }
}

function handshake(
  base: { socket: Socket } | { host: string; port: number },
  options: TlsOptions,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = 'host' in base ? base.host : undefined;
    const servername = options.servername ?? (host !== undefined && isIP(host) === 0 ? host : undefined);
    const socket = tlsConnect({
      ...base,
      rejectUnauthorized: false,
      // Allow whatever the peer offers so we can see and report it; version/cipher enumeration is done by hand.
      minVersion: 'TLSv1',
      ciphers: 'ALL:@SECLEVEL=0',
      ...(servername !== undefined && { servername }),
      ...(options.alpn !== undefined && { ALPNProtocols: [...options.alpn] }),
    });
    const timer = setTimeout(() => {
      fail(new NetworkError('TIMEOUT', `no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = (): void => {
      fail(new NetworkError('TIMEOUT', 'aborted'));
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: Error) => {
      fail(new NetworkError('NETWORK', `TLS handshake failed: ${err.message}`, { cause: err }));
    });
  });
}

/** Open a capped stream to host:port (TCP, or TLS from the first byte). */
export async function openStream(options: ConnectOptions): Promise<Stream> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { host, port, signal } = options;
  if (signal?.aborted === true) throw new NetworkError('TIMEOUT', 'aborted');
  if (options.tls !== undefined && options.tls !== false) {
    const socket = await handshake(
      { host, port },
      options.tls === true ? {} : options.tls,
      limits.connectTimeoutMs,
      signal,
    );
    return new Stream(socket, limits, signal);
  }
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = new Socket();
    const timer = setTimeout(() => {
      fail(new NetworkError('TIMEOUT', `no connection within ${limits.connectTimeoutMs} ms`));
    }, limits.connectTimeoutMs);
    const onAbort = (): void => {
      fail(new NetworkError('TIMEOUT', 'aborted'));
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      s.destroy();
      reject(err);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    s.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (err) => {
      fail(new NetworkError('NETWORK', err.message, { cause: err }));
    });
    s.connect({ host, port });
  });
  socket.setNoDelay(true);
  return new Stream(socket, limits, signal);
}

/** Run `use` on a stream that is always closed afterwards. */
export async function withStream<T>(options: ConnectOptions, use: (s: Stream) => Promise<T>): Promise<T> {
  const stream = await openStream(options);
  try {
    return await use(stream);
  } finally {
    stream.close();
  }
}
