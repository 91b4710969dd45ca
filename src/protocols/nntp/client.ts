/** A thin NNTP reader session over a capped stream: greeting, CAPABILITIES, MODE READER; never posts. */
import { NetworkError } from '../../core/errors.js';
import { openStream, type Stream } from '../net/stream.js';
import { multiLineLength, multiLineLines, parseCapabilities, parseNntpStatus, type NntpStatus } from './codec.js';

/** What a server says before anything is posted. */
export interface NntpGreeting {
  readonly greeting: NntpStatus;
  /** CAPABILITIES (101) before MODE READER, or null when the server does not support it (RFC 977 servers). */
  readonly capabilities: Map<string, string[]> | null;
  /** The reply to MODE READER, or null when it was not sent (the server is already a reader: READER capability). */
  readonly modeReader: NntpStatus | null;
  /** CAPABILITIES after MODE READER, when it was sent and succeeded. */
  readonly readerCapabilities: Map<string, string[]> | null;
}

async function status(s: Stream): Promise<NntpStatus> {
  const line = await s.readLine(2048);
  const st = parseNntpStatus(line);
  if (st === null) throw new NetworkError('BAD_REPLY', `not an NNTP status line: ${JSON.stringify(line.slice(0, 60))}`);
  return st;
}

async function capabilities(s: Stream): Promise<Map<string, string[]> | null> {
  s.write('CAPABILITIES\r\n');
  const st = await status(s);
  if (st.code !== 101) return null;
  return parseCapabilities(multiLineLines(await s.read(multiLineLength)));
}

export async function nntpGreeting(options: {
  host: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<NntpGreeting> {
  const s = await openStream({
    host: options.host,
    port: options.port,
    ...(options.signal !== undefined && { signal: options.signal }),
    limits: { connectTimeoutMs: options.timeoutMs, readTimeoutMs: options.timeoutMs, maxBytes: 64 * 1024 },
  });
  try {
    const greeting = await status(s);
    if (greeting.code !== 200 && greeting.code !== 201)
      return { greeting, capabilities: null, modeReader: null, readerCapabilities: null };
    const caps = await capabilities(s);
    // A server that lists READER already is one; MODE READER is for mode-switching servers (RFC 3977 §5.3).
    if (caps?.has('READER') === true && !caps.has('MODE-READER'))
      return { greeting, capabilities: caps, modeReader: null, readerCapabilities: null };
    s.write('MODE READER\r\n');
    const modeReader = await status(s);
    const readerCaps = modeReader.code === 200 || modeReader.code === 201 ? await capabilities(s) : null;
    s.write('QUIT\r\n');
    return { greeting, capabilities: caps, modeReader, readerCapabilities: readerCaps };
  } finally {
    s.close();
  }
}
