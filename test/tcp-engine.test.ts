// The TCP connect engine's scheduling with an injected connector: silent hosts are decided down early (and
// scanned anyway with -Pn), lost probes are retried, local shortages never lose a result, self-connects are
// not open ports, probes are pulled lazily, and an abort ends the stream cleanly.
import { describe, expect, it } from 'vitest';
import type { HostObserved, PortObserved, ScanEvent } from '../src/core/scan.js';
import type { ConnectOutcome, Connector } from '../src/scan/tcp/connect.js';
import { scanTcp } from '../src/scan/tcp/engine.js';
import type { TcpProbe } from '../src/scan/tcp/options.js';

function* probesOf(hosts: readonly string[], ports: number): Generator<TcpProbe> {
  let index = 0;
  for (let port = 1; port <= ports; port++) for (const host of hosts) yield { host, port, index: index++ };
}

async function collect(it: AsyncIterable<ScanEvent>): Promise<ScanEvent[]> {
  const out: ScanEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const portsOf = (events: ScanEvent[], host?: string): PortObserved[] =>
  events.filter((e): e is PortObserved => e.type === 'port' && (host === undefined || e.host === host));
const hostsOf = (events: ScanEvent[]): HostObserved[] => events.filter((e): e is HostObserved => e.type === 'host');

/** A connector answering from `answer` (asynchronously, like a socket); `undefined` means never answer. */
function fakeConnector(answer: (host: string, port: number, attempt: number) => ConnectOutcome | undefined): {
  connector: Connector;
  calls: Map<string, number>;
} {
  const calls = new Map<string, number>();
  const attempts = new Map<string, number>();
  const connector: Connector = (host, port, done) => {
    calls.set(host, (calls.get(host) ?? 0) + 1);
    const key = `${host}:${port}`;
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const outcome = answer(host, port, attempt);
    let cancelled = false;
    if (outcome !== undefined) {
      setImmediate(() => {
        if (!cancelled) done(outcome);
      });
    }
    return {
      cancel() {
        cancelled = true;
      },
    };
  };
  return { connector, calls };
}

const CLOSED: ConnectOutcome = { kind: 'closed' };
const OPEN: ConnectOutcome = { kind: 'open', localAddress: '203.0.113.1', localPort: 50000 };

describe('TCP engine scheduling', () => {
  it('reports every port of a live host with its state, reason and round-trip time', async () => {
    const { connector } = fakeConnector((_h, port) => (port === 22 ? OPEN : CLOSED));
    const events = await collect(scanTcp(probesOf(['203.0.113.2'], 100), { connector, timing: 5 }));
    const ports = portsOf(events);
    expect(ports).toHaveLength(100);
    expect(new Set(ports.map((p) => p.port)).size).toBe(100);
    expect(ports.find((p) => p.port === 22)).toMatchObject({ state: 'open', reason: 'syn-ack', transport: 'tcp' });
    expect(ports.filter((p) => p.state === 'closed').every((p) => p.reason === 'conn-refused')).toBe(true);
    expect(ports.every((p) => typeof p.rttMs === 'number' && p.rttMs >= 0)).toBe(true);
    expect(hostsOf(events).map((h) => [h.host, h.state, h.reason])).toEqual([['203.0.113.2', 'up', 'conn-refused']]);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'progress', done: 100, total: 100 });
  });

  it('decides a silent host down after a bounded number of probes, without spending its port list', async () => {
    const { connector, calls } = fakeConnector((host) => (host === '203.0.113.9' ? undefined : CLOSED));
    const started = performance.now();
    const events = await collect(
      scanTcp(probesOf(['203.0.113.2', '203.0.113.9'], 2000), { connector, timing: 5, hostDownAfter: 5 }),
    );
    expect(hostsOf(events)).toContainEqual({ type: 'host', host: '203.0.113.9', state: 'down', reason: 'timeout' });
    expect(portsOf(events, '203.0.113.9')).toEqual([]);
    expect(portsOf(events, '203.0.113.2')).toHaveLength(2000);
    // Its window (10 at first, halved on loss) and one retry each: far from 2,000.
    expect(calls.get('203.0.113.9')).toBeLessThanOrEqual(40);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('tries many undecided hosts at once and takes "no such host" as a verdict on the spot', async () => {
    // A /24 where only 4 addresses hold a machine; the others answer EHOSTUNREACH after a neighbour-discovery
    // wait (as the kernel does after ~3 s, shortened here), which must cost one wait for the lot, not one each.
    const live = new Set(['203.0.113.1', '203.0.113.50', '203.0.113.100', '203.0.113.200']);
    const hosts = Array.from({ length: 254 }, (_, i) => `203.0.113.${i + 1}`);
    const calls = new Map<string, number>();
    const connector: Connector = (host, port, done) => {
      calls.set(host, (calls.get(host) ?? 0) + 1);
      const outcome: ConnectOutcome = live.has(host)
        ? port === 80
          ? OPEN
          : CLOSED
        : { kind: 'filtered', reason: 'host-unreach' };
      const timer = setTimeout(
        () => {
          done(outcome);
        },
        live.has(host) ? 1 : 200,
      );
      return {
        cancel() {
          clearTimeout(timer);
        },
      };
    };
    const started = performance.now();
    const events = await collect(scanTcp(probesOf(hosts, 100), { connector, timing: 4 }));
    const elapsed = performance.now() - started;
    const down = hostsOf(events).filter((h) => h.state === 'down');
    expect(down).toHaveLength(250);
    expect(down.every((h) => h.reason === 'host-unreach')).toBe(true);
    for (const h of live) expect(portsOf(events, h)).toHaveLength(100);
    expect(
      portsOf(events)
        .filter((p) => p.state === 'open')
        .map((p) => p.host)
        .sort(),
    ).toEqual([...live].sort());
    // A dead address costs its first few probes, not its port list.
    for (const h of hosts.filter((x) => !live.has(x))) expect(calls.get(h) ?? 0).toBeLessThanOrEqual(3);
    // 250 waits of 200 ms one after another would be 50 s; in parallel they are a few waits.
    expect(elapsed).toBeLessThan(1_500);
  });

  it('with skipHostDiscovery (-Pn) scans a silent host anyway and reports its ports filtered', async () => {
    const { connector, calls } = fakeConnector(() => undefined);
    const events = await collect(
      scanTcp(probesOf(['203.0.113.9'], 30), { connector, timing: 5, skipHostDiscovery: true, maxRetries: 1 }),
    );
    expect(hostsOf(events)).toEqual([{ type: 'host', host: '203.0.113.9', state: 'up', reason: 'skipped-discovery' }]);
    const ports = portsOf(events);
    expect(ports).toHaveLength(30);
    expect(ports.every((p) => p.state === 'filtered' && p.reason === 'timeout' && p.rttMs === null)).toBe(true);
    // One try and one retry per port.
    expect(calls.get('203.0.113.9')).toBe(60);
  }, 20_000);

  it('retries a lost probe and takes the answer to the retry', async () => {
    // Ports 1–5 lose their first SYN; everything answers after that.
    const { connector, calls } = fakeConnector((_h, port, attempt) =>
      port <= 5 && attempt === 0 ? undefined : CLOSED,
    );
    const events = await collect(scanTcp(probesOf(['203.0.113.2'], 50), { connector, timing: 5 }));
    const ports = portsOf(events);
    expect(ports).toHaveLength(50);
    expect(ports.every((p) => p.state === 'closed')).toBe(true);
    expect(calls.get('203.0.113.2')).toBe(55);
  });

  it('reports unreachables as filtered with their reason', async () => {
    const { connector } = fakeConnector((_h, port) =>
      port === 1 ? CLOSED : { kind: 'filtered', reason: port % 2 === 0 ? 'host-unreach' : 'admin-prohibited' },
    );
    const events = await collect(scanTcp(probesOf(['203.0.113.2'], 9), { connector, timing: 5 }));
    const ports = portsOf(events);
    expect(ports).toHaveLength(9);
    expect(ports.filter((p) => p.reason === 'host-unreach')).toHaveLength(4);
    expect(ports.filter((p) => p.reason === 'admin-prohibited').every((p) => p.state === 'filtered')).toBe(true);
  });

  it('never reports a local shortage: EMFILE, ENOBUFS and EADDRNOTAVAIL are retried', async () => {
    let shortages = 0;
    const { connector } = fakeConnector((_h, port, attempt) => {
      if (attempt < 2 && port % 3 === 0) {
        shortages++;
        return { kind: 'pressure', code: ['EMFILE', 'ENOBUFS', 'EADDRNOTAVAIL'][port % 3] ?? 'EMFILE' };
      }
      return CLOSED;
    });
    const events = await collect(scanTcp(probesOf(['203.0.113.2'], 300), { connector, timing: 5 }));
    expect(shortages).toBeGreaterThan(0);
    const ports = portsOf(events);
    expect(ports).toHaveLength(300);
    expect(ports.every((p) => p.state === 'closed')).toBe(true);
  });

  it('does not report a self-connect as open: the probe is tried again', async () => {
    const { connector } = fakeConnector((host, port, attempt) =>
      port === 7 && attempt === 0 ? { kind: 'open', localAddress: host, localPort: port } : CLOSED,
    );
    const events = await collect(scanTcp(probesOf(['127.0.0.1'], 10), { connector, timing: 5 }));
    const ports = portsOf(events);
    expect(ports).toHaveLength(10);
    expect(ports.find((p) => p.port === 7)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
  });

  it('pulls probes lazily and keeps the in-flight count within the window and maxInFlight', async () => {
    let inFlight = 0;
    let peak = 0;
    const connector: Connector = (_h, _p, done) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setImmediate(() => {
        inFlight--;
        done(CLOSED);
      });
      return { cancel() {} };
    };
    let pulled = 0;
    function* endless(): Generator<TcpProbe> {
      for (let i = 0; ; i++) {
        pulled++;
        yield { host: '203.0.113.2', port: (i % 65535) + 1, index: i };
      }
    }
    const controller = new AbortController();
    let seen = 0;
    for await (const e of scanTcp(endless(), { connector, maxInFlight: 50 }, controller.signal)) {
      if (e.type === 'port' && ++seen === 20_000) controller.abort();
    }
    expect(seen).toBeGreaterThanOrEqual(20_000);
    expect(peak).toBeLessThanOrEqual(50);
    // Not materialised: what was pulled is what was scanned plus bounded queues.
    expect(pulled - seen).toBeLessThan(10_000);
  });

  it('stops cleanly on abort: the stream ends, nothing stays in flight', async () => {
    const { connector } = fakeConnector(() => undefined);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => {
      controller.abort();
    }, 100);
    const events = await collect(
      scanTcp(probesOf(['203.0.113.9'], 1000), { connector, timing: 3, skipHostDiscovery: true }, controller.signal),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(portsOf(events)).toEqual([]);
  });

  it('honours a rate ceiling', async () => {
    const { connector } = fakeConnector(() => CLOSED);
    const started = performance.now();
    const events = await collect(scanTcp(probesOf(['203.0.113.2'], 60), { connector, maxRate: 200 }));
    expect(portsOf(events)).toHaveLength(60);
    // 60 probes at 200/s with a burst of at most 2: about 0.3 s.
    expect(performance.now() - started).toBeGreaterThan(250);
  });

  it('rethrows an error of the probe source', async () => {
    const { connector } = fakeConnector(() => CLOSED);
    function* bad(): Generator<TcpProbe> {
      yield { host: '203.0.113.2', port: 1, index: 0 };
      throw new Error('bad target');
    }
    await expect(collect(scanTcp(bad(), { connector }))).rejects.toThrow('bad target');
  });
});
