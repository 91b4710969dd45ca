/** The UDP scan engine: one connected datagram socket per probe, so ICMP port-unreachable reads as closed. */
import { setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PortwardenError, UsageError } from '../../core/errors.js';
import type { PortObserved, PortState, StateReason } from '../../core/scan.js';
import { UDP_SERVICE_PORTS, udpProbe, type RandomBytes, type UdpService } from './probes.js';
import { RateLimiter } from './rate.js';

/** The scan layer's slice of the configuration. */
export interface UdpScanOptions {
  /** How long to wait for an answer after each datagram, in ms (default 1,000). */
  readonly timeoutMs?: number;
  /** Datagrams resent after the first one went unanswered (default 2, so 3 in all). */
  readonly retries?: number;
  /** Ports probed at once, hence sockets open at once (default 256). */
  readonly concurrency?: number;
  /** At most this many datagrams per second over the whole scan; unlimited when absent. */
  readonly ratePerSecond?: number;
  /**
   * Which protocol to speak on which port, replacing UDP_SERVICE_PORTS (e.g. to probe a TFTP server on 1069 as
   * TFTP); ports it does not list get an empty datagram.
   */
  readonly services?: ReadonlyMap<number, UdpService>;
  /** Random bytes for the probes' ids (default crypto.randomBytes). */
  readonly random?: RandomBytes;
}

/** Every default of the UDP scan, in one place. */
export const UDP_SCAN_DEFAULTS = { timeoutMs: 1000, retries: 2, concurrency: 256 } as const;

/** The reply bytes kept in `replyHex`. */
export const REPLY_HEX_BYTES = 256;

interface Settings {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly concurrency: number;
  readonly services: ReadonlyMap<number, UdpService>;
  readonly random: RandomBytes;
}

function settings(options: UdpScanOptions): Settings {
  const timeoutMs = options.timeoutMs ?? UDP_SCAN_DEFAULTS.timeoutMs;
  const retries = options.retries ?? UDP_SCAN_DEFAULTS.retries;
  const concurrency = options.concurrency ?? UDP_SCAN_DEFAULTS.concurrency;
  const bad = (what: string, value: number): UsageError =>
    new UsageError('USAGE', `UDP scan: ${what} is out of range: ${value}`, { details: { option: what, value } });
  if (!(timeoutMs > 0 && timeoutMs <= 60_000)) throw bad('timeoutMs', timeoutMs);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw bad('retries', retries);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 65_536) throw bad('concurrency', concurrency);
  if (options.ratePerSecond !== undefined && !(options.ratePerSecond > 0)) {
    throw bad('ratePerSecond', options.ratePerSecond);
  }
  return {
    timeoutMs,
    retries,
    concurrency,
    services: options.services ?? UDP_SERVICE_PORTS,
    random: options.random ?? randomBytes,
  };
}

/** What an error on a connected UDP socket says about the port; null for errors that say nothing (ENOBUFS…). */
function fromErrno(err: unknown): { state: PortState; reason: StateReason } | null {
  switch ((err as NodeJS.ErrnoException | null)?.code) {
    case 'ECONNREFUSED':
      return { state: 'closed', reason: 'conn-refused' };
    case 'EHOSTUNREACH':
      return { state: 'filtered', reason: 'host-unreach' };
    case 'ENETUNREACH':
      return { state: 'filtered', reason: 'net-unreach' };
    // A local firewall rule that drops or rejects the datagram on output.
    case 'EPERM':
    case 'EACCES':
      return { state: 'filtered', reason: 'admin-prohibited' };
    default:
      return null;
  }
}

/** The error of a probe that could not be sent at all. */
function probeFailed(host: string, port: number, cause: unknown): PortwardenError {
  const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'unknown';
  return new PortwardenError('INTERNAL', `UDP scan: cannot probe ${host} port ${port}: ${code}`, {
    cause,
    details: { host, port, errno: code },
  });
}

/** True when `a` and `b` are the same address (an IPv4-mapped IPv6 form equals its IPv4 form). */
function sameAddress(a: string, b: string): boolean {
  const norm = (x: string): string => x.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  return norm(a) === norm(b);
}

/**
 * Probe one port: send, wait `timeoutMs`, resend up to `retries` times. Resolves with the port's event, or null
 * when `cancel` fires first; rejects when the probe cannot be made (no socket, no local address). Every socket,
 * timer and listener is released before it settles.
 */
function probePort(
  host: string,
  family: 4 | 6,
  port: number,
  s: Settings,
  limiter: RateLimiter,
  cancel: AbortSignal,
): Promise<PortObserved | null> {
  return new Promise((resolve, reject) => {
    const probe = udpProbe(s.services.get(port) ?? null, family, s.random);
    const type = family === 6 ? 'udp6' : 'udp4';
    const main = createSocket({ type, reuseAddr: probe.replyFromOtherPort });
    const sockets: Socket[] = [main];
    // Aborted when the probe ends, so a wait for the rate limiter ends with it.
    const local = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let sentAt = 0;
    let sent = 0;
    let settled = false;
    // Until connect() succeeds, an error we cannot read as a port state (EMFILE, EADDRNOTAVAIL…) means the probe
    // could not be made at all: that fails the scan rather than inventing a state. After it, such errors are
    // transient (ENOBUFS…) and only cost the attempt.
    let connected = false;

    const settle = (event: PortObserved | Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
      local.abort();
      for (const socket of sockets) {
        socket.removeAllListeners('message');
        // Errors that arrive while closing must not become unhandled 'error' events.
        socket.on('error', () => undefined);
        try {
          socket.close();
        } catch {
          // Never bound: nothing to close.
        }
      }
      if (event instanceof Error) reject(event);
      else resolve(event);
    };
    const report = (state: PortState, reason: StateReason, reply?: Buffer): void => {
      settle({
        type: 'port',
        host,
        transport: 'udp',
        port,
        state,
        reason,
        rttMs: reply === undefined ? null : Math.round((performance.now() - sentAt) * 100) / 100,
        ...(reply !== undefined && { replyHex: reply.subarray(0, REPLY_HEX_BYTES).toString('hex') }),
      });
    };
    const onCancel = (): void => {
      settle(null);
    };
    const onError = (err: unknown): void => {
      const verdict = fromErrno(err);
      if (verdict !== null) report(verdict.state, verdict.reason);
      else if (!connected) settle(probeFailed(host, port, err));
    };

    const sendNext = async (): Promise<void> => {
      if (sent > s.retries) {
        report('open|filtered', 'no-response');
        return;
      }
      sent++;
      if (!(await limiter.wait(local.signal)) || settled) return;
      sentAt = performance.now();
      let localAddress = '';
      try {
        localAddress = main.address().address;
      } catch {
        // Not bound (cannot happen once connected); the payload builders treat '' as unknown.
      }
      main.send(probe.payload(localAddress), (err) => {
        if (err) onError(err);
      });
      timer = setTimeout(() => {
        void sendNext();
      }, s.timeoutMs);
    };

    const connectAndSend = (): void => {
      // Node passes a failed connect's error to this callback (not to 'error'): ENETUNREACH when there is no route.
      main.connect(port, host, (...args: unknown[]) => {
        if (settled) return;
        if (args[0] instanceof Error) {
          onError(args[0]);
          return;
        }
        connected = true;
        void sendNext();
      });
    };

    cancel.addEventListener('abort', onCancel, { once: true });
    if (cancel.aborted) {
      settle(null);
      return;
    }
    main.on('error', onError);
    // A connected socket only receives datagrams from host:port: any of them means something listens.
    main.on('message', (msg: Buffer) => {
      report('open', 'udp-response', msg);
    });
    if (!probe.replyFromOtherPort) {
      connectAndSend();
      return;
    }
    // The server answers from a new port: an unconnected socket on the same local port (SO_REUSEADDR on both)
    // receives that answer, while ICMP errors still reach the connected one, the best match for them.
    const side = createSocket({ type, reuseAddr: true });
    sockets.push(side);
    side.on('error', (err) => {
      if (!connected) settle(probeFailed(host, port, err));
    });
    side.on('message', (msg: Buffer, rinfo) => {
      if (sameAddress(rinfo.address, host)) report('open', 'udp-response', msg);
    });
    side.bind(0, () => {
      if (settled) return;
      main.bind(side.address().port, connectAndSend);
    });
  });
}

/** The (host, port) pairs to probe, host by host, lazily. */
function* jobs(hosts: Iterable<string>, ports: readonly number[]): Generator<[string, 4 | 6, number]> {
  for (const host of hosts) {
    const family = isIP(host);
    if (family !== 4 && family !== 6) {
      throw new UsageError('USAGE', `UDP scan: not an IP address: ${host}`, { details: { host } });
    }
    for (const port of ports) yield [host, family, port];
  }
}

/** `signal.aborted`, read through a call so that TypeScript does not keep an earlier check's narrowing. */
const isAborted = (signal: AbortSignal): boolean => signal.aborted;

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError')) return reason;
  const err = new Error('The UDP scan was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/**
 * Scan UDP `ports` of every host (IP addresses): a protocol payload for the ports of UDP_SERVICE_PORTS (or
 * `options.services`), an empty datagram elsewhere. Yields one event per (host, port) as results come in:
 * open/udp-response (with rttMs and the reply's first 256 bytes as replyHex), closed/conn-refused (ICMP port
 * unreachable), filtered/host-unreach, net-unreach or admin-prohibited, else open|filtered/no-response.
 * Aborting `signal` closes every socket at once and makes the iteration reject with an AbortError; breaking out of
 * the loop closes them too. Bad ports, options or hosts reject with a UsageError; a probe that cannot be made at
 * all (no socket: EMFILE…) rejects with a PortwardenError rather than reporting a state it did not see.
 * @example for await (const e of scanUdp(['127.0.0.1'], [53, 161], { timeoutMs: 500 })) console.log(e.port, e.state)
 */
export async function* scanUdp(
  hosts: Iterable<string>,
  ports: readonly number[],
  options: UdpScanOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<PortObserved> {
  const s = settings(options);
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new UsageError('BAD_PORT_SPEC', `UDP scan: not a port: ${port}`, { details: { port } });
    }
  }
  if (signal?.aborted === true) throw abortError(signal);
  const limiter = new RateLimiter(options.ratePerSecond);
  // Cancels every probe in flight, on abort or when the consumer stops iterating; each of them listens to it.
  const cancel = new AbortController();
  setMaxListeners(0, cancel.signal);
  const onAbort = (): void => {
    cancel.abort();
    wake();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const pending = jobs(hosts, ports);
  const ready: PortObserved[] = [];
  // Mutated by callbacks: kept in an object so control-flow narrowing does not pin them to their first value.
  const state: { running: number; exhausted: boolean; failure?: Error } = { running: 0, exhausted: false };
  let waiter: (() => void) | null = null;
  function wake(): void {
    const w = waiter;
    waiter = null;
    w?.();
  }
  // Results not yet taken count against the bound too, so a slow consumer holds no more than `concurrency`.
  const launch = (): void => {
    while (!state.exhausted && !cancel.signal.aborted && state.running + ready.length < s.concurrency) {
      const next = pending.next();
      if (next.done === true) {
        state.exhausted = true;
        break;
      }
      const [host, family, port] = next.value;
      state.running++;
      void probePort(host, family, port, s, limiter, cancel.signal).then(
        (event) => {
          state.running--;
          if (event !== null) ready.push(event);
          wake();
        },
        (err: unknown) => {
          state.running--;
          state.failure ??= err instanceof Error ? err : new Error(String(err));
          cancel.abort();
          wake();
        },
      );
    }
  };
  try {
    launch();
    for (;;) {
      if (state.failure !== undefined) throw state.failure;
      const event = ready.shift();
      if (signal !== undefined && isAborted(signal)) throw abortError(signal);
      if (event !== undefined) {
        yield event;
        launch();
        continue;
      }
      if (state.exhausted && state.running === 0) return;
      await new Promise<void>((resolve) => {
        waiter = resolve;
      });
      launch();
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.abort();
  }
}
