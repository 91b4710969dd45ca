/**
 * After the port scan: identify what answers on each open port and run the checks that apply, while the scan
 * goes on. Scan events pass through unchanged; `service` and `check` events join the stream as they finish.
 * A bounded number of ports is inspected at once, so memory and sockets stay bounded on any scan size.
 */
import { setMaxListeners } from 'node:events';
import type { PortObserved, ScanEvent } from '../core/scan.js';
import type { ServiceInfo } from '../core/service.js';
import type { Transport } from '../core/socket.js';
import { appliesTo, checkEvent, runCheck } from '../checks/runner.js';
import type { Check, CheckTarget } from '../checks/types.js';
import { identifyTcp, identifyUdp, type IdentifyOptions } from '../identify/identify.js';
import { UDP_SERVICE_PORTS } from '../scan/udp/probes.js';

export interface InspectOptions {
  /** The checks selected for this scan (see selectChecks). */
  readonly checks: readonly Check[];
  /** Identify services (-sV); forced on when any check runs, since checks are chosen by service. */
  readonly identify: boolean;
  readonly intrusive: boolean;
  /** Check arguments, `name=value`. */
  readonly args: Readonly<Record<string, string>>;
  readonly identifyOptions: IdentifyOptions;
  /** Ports inspected at once (default 8). */
  readonly concurrency?: number;
  /** Each network operation's deadline in checks (default 5 s). */
  readonly timeoutMs?: number;
}

/** The name the UDP scan's own protocol probe proves, in IANA's vocabulary. */
const UDP_SERVICE_NAMES: Readonly<Record<string, string>> = {
  dns: 'domain',
  dhcp: 'dhcps',
  tftp: 'tftp',
  ntp: 'ntp',
  sunrpc: 'rpcbind',
  'netbios-ns': 'netbios-ns',
  snmp: 'snmp',
  mdns: 'mdns',
  ssdp: 'ssdp',
};

function worthInspecting(e: PortObserved): boolean {
  if (e.state === 'open') return true;
  return false;
}

async function identify(port: PortObserved, o: InspectOptions): Promise<ServiceInfo> {
  if (port.transport === 'udp') {
    const proto = UDP_SERVICE_PORTS.get(port.port);
    const proven = port.reason === 'udp-response' && proto !== undefined ? (UDP_SERVICE_NAMES[proto] ?? proto) : null;
    return identifyUdp(port.host, port.port, proven, o.identifyOptions);
  }
  return identifyTcp(port.host, port.port, o.identifyOptions);
}

function portOnly(port: number, transport: Transport, o: InspectOptions): ServiceInfo {
  const name = o.identifyOptions.portName?.(port, transport) ?? null;
  return { service: name ?? 'unknown', tls: false, method: 'port', confidence: name === null ? 0 : 3 };
}

/** Identification, then every applicable check, for one open port. */
async function* inspectPort(port: PortObserved, o: InspectOptions, signal: AbortSignal): AsyncGenerator<ScanEvent> {
  const runIdentify = o.identify || o.checks.length > 0;
  const service = runIdentify
    ? await identify(port, { ...o, identifyOptions: { ...o.identifyOptions, signal } })
    : null;
  if (service !== null) {
    yield { type: 'service', host: port.host, transport: port.transport, port: port.port, service };
  }
  const target: CheckTarget = {
    host: port.host,
    port: port.port,
    transport: port.transport,
    service: service ?? portOnly(port.port, port.transport, o),
  };
  for (const check of o.checks) {
    if (signal.aborted) return;
    if (!appliesTo(check, target)) continue;
    const started = performance.now();
    const outcome = await runCheck(check, {
      target,
      signal,
      timeoutMs: o.timeoutMs ?? 5_000,
      intrusive: o.intrusive,
      args: o.args,
    });
    yield checkEvent(check, target, outcome, performance.now() - started);
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * The scan's events, with identification and check results of every open port added as they finish.
 * @example for await (const e of inspect(scanJob(job, signal), options, signal)) …
 */
export async function* inspect(
  events: AsyncIterable<ScanEvent>,
  o: InspectOptions,
  signal: AbortSignal = new AbortController().signal,
): AsyncGenerator<ScanEvent> {
  const limit = Math.max(1, o.concurrency ?? 8);
  // Every port inspected at once, and each check in it, listens for the abort: more than Node's default of 10.
  setMaxListeners(0, signal);
  const out: ScanEvent[] = [];
  const waiting: PortObserved[] = [];
  // Fields of one object: they change in callbacks, which the compiler's narrowing of plain locals ignores.
  const state = { running: 0, scanDone: false, failure: null as Error | null };
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  const start = (port: PortObserved): void => {
    state.running += 1;
    void (async () => {
      try {
        for await (const e of inspectPort(port, o, signal)) {
          out.push(e);
          notify();
        }
      } catch (err) {
        // Identification or a check broke in a way runCheck could not contain (or the scan was aborted).
        if (!signal.aborted) state.failure ??= asError(err);
      } finally {
        state.running -= 1;
        const next = waiting.shift();
        if (next !== undefined && !signal.aborted) start(next);
        notify();
      }
    })();
  };

  void (async () => {
    try {
      for await (const e of events) {
        out.push(e);
        if (e.type === 'port' && worthInspecting(e)) {
          if (state.running < limit) start(e);
          else waiting.push(e);
        }
        notify();
      }
    } catch (err) {
      state.failure ??= asError(err);
    } finally {
      state.scanDone = true;
      notify();
    }
  })();

  for (;;) {
    while (out.length > 0) yield out.shift() as ScanEvent;
    if (state.failure !== null) throw state.failure;
    if (state.scanDone && state.running === 0 && (waiting.length === 0 || signal.aborted)) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
