/** rsync daemon conversations over a capped stream: the greeting, the module list, one module request. */
import { NetworkError } from '../../core/errors.js';
import { withStream, type Stream } from '../net/stream.js';
import {
  clientGreeting,
  isListEnd,
  parseGreeting,
  parseModuleLine,
  parseModuleReply,
  type ModuleReply,
  type RsyncGreeting,
  type RsyncModule,
} from './codec.js';

export interface RsyncEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Lines read after the greeting at most (motd and module list). */
const MAX_LINES = 512;

function open<T>(e: RsyncEndpoint, use: (s: Stream) => Promise<T>): Promise<T> {
  return withStream(
    {
      host: e.host,
      port: e.port,
      ...(e.signal !== undefined && { signal: e.signal }),
      limits: { connectTimeoutMs: e.timeoutMs, readTimeoutMs: e.timeoutMs, maxBytes: 256 * 1024 },
    },
    use,
  );
}

/** Read the greeting and answer it; throws BAD_REPLY when the service is not an rsync daemon. */
async function handshake(s: Stream): Promise<{ greeting: RsyncGreeting; raw: string }> {
  const raw = await s.readLine(512);
  const greeting = parseGreeting(raw);
  if (greeting === null) throw new NetworkError('BAD_REPLY', 'not an rsync daemon greeting');
  s.write(clientGreeting(greeting.protocol));
  return { greeting, raw: raw.trimEnd() };
}

export interface RsyncListing {
  readonly greeting: RsyncGreeting;
  readonly raw: string;
  readonly modules: readonly RsyncModule[];
  /** Lines of the message of the day (at most 20). */
  readonly motd: readonly string[];
  /** The daemon's @ERROR instead of a list (e.g. access denied by hosts allow). */
  readonly error: string | null;
}

/** Ask for the module list (an empty module name). */
export function rsyncList(e: RsyncEndpoint): Promise<RsyncListing> {
  return open(e, async (s) => {
    const { greeting, raw } = await handshake(s);
    s.write('\n');
    const modules: RsyncModule[] = [];
    const motd: string[] = [];
    for (let i = 0; i < MAX_LINES; i++) {
      let line: string;
      try {
        line = await s.readLine(4096);
      } catch (err) {
        // Old daemons close right after the list instead of sending EXIT.
        if (err instanceof NetworkError && err.code === 'NETWORK' && i > 0) break;
        throw err;
      }
      if (isListEnd(line)) break;
      const reply = parseModuleReply(line);
      if (reply?.kind === 'error') return { greeting, raw, modules, motd, error: reply.message };
      const module = parseModuleLine(line);
      if (module !== null && line.includes('\t')) modules.push(module);
      else if (module !== null || line.trim() !== '') {
        // eslint-disable-next-line no-control-regex
        if (motd.length < 20) motd.push(line.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 200));
      }
    }
    return { greeting, raw, modules, motd, error: null };
  });
}

/** Request `module` and return the daemon's answer; nothing is transferred (the connection is closed at once). */
export function rsyncOpenModule(e: RsyncEndpoint, module: string): Promise<ModuleReply> {
  if (/[\r\n]/.test(module)) throw new RangeError('no line breaks in module names');
  return open(e, async (s) => {
    await handshake(s);
    s.write(`${module}\n`);
    for (let i = 0; i < 64; i++) {
      const reply = parseModuleReply(await s.readLine(4096));
      if (reply !== null) return reply;
    }
    throw new NetworkError('BAD_REPLY', 'no answer to the module request');
  });
}
