// Pure parts of the TCP connect engine: RTT/timeout arithmetic, congestion window, timer wheel, self-connect,
// error classification, descriptor limits and option validation.
import { describe, expect, it } from 'vitest';
import { classifyError } from '../src/scan/tcp/connect.js';
import { DEFAULT_CONGESTION, initialWindow, onAnswer, onLoss, onResourcePressure } from '../src/scan/tcp/congestion.js';
import { parseNofileLimit, socketBudget } from '../src/scan/tcp/limits.js';
import { resolveTcpOptions } from '../src/scan/tcp/options.js';
import { isSelfConnect } from '../src/scan/tcp/self-connect.js';
import { addRttSample, NO_RTT, probeTimeoutMs, retryTimeoutMs, TIMING_PRESETS } from '../src/scan/tcp/timing.js';
import { TimerWheel } from '../src/scan/tcp/wheel.js';
import { EventPacker, ProbePacker, unpackEvents } from '../src/scan/tcp/wire.js';
import type { ScanEvent } from '../src/core/scan.js';

const T4 = TIMING_PRESETS[4];

describe('RTT estimate and timeouts (RFC 6298)', () => {
  it('takes the first sample as SRTT with half of it as variation', () => {
    expect(addRttSample(NO_RTT, 20)).toEqual({ srttMs: 20, rttvarMs: 10, samples: 1 });
  });

  it('smooths later samples with alpha 1/8 and beta 1/4', () => {
    const e = addRttSample(addRttSample(NO_RTT, 20), 40);
    expect(e.rttvarMs).toBeCloseTo(0.75 * 10 + 0.25 * 20);
    expect(e.srttMs).toBeCloseTo(0.875 * 20 + 0.125 * 40);
    expect(e.samples).toBe(2);
  });

  it('uses the initial timeout before any sample, then SRTT + 4 RTTVAR within the clamps', () => {
    expect(probeTimeoutMs(NO_RTT, T4)).toBe(500);
    expect(probeTimeoutMs(addRttSample(NO_RTT, 0.05), T4)).toBe(100);
    expect(probeTimeoutMs(addRttSample(NO_RTT, 200), T4)).toBe(600);
    expect(probeTimeoutMs(addRttSample(NO_RTT, 5000), T4)).toBe(1250);
  });

  it('falls back to the scan-wide estimate for a host that has not answered', () => {
    expect(probeTimeoutMs(NO_RTT, T4, addRttSample(NO_RTT, 200))).toBe(600);
  });

  it('doubles the timeout of each retry up to the maximum', () => {
    expect(retryTimeoutMs(100, 1, T4)).toBe(200);
    expect(retryTimeoutMs(100, 3, T4)).toBe(800);
    expect(retryTimeoutMs(100, 10, T4)).toBe(1250);
  });

  it('has nmap-like presets: T5 is the most impatient, T0 serial', () => {
    expect(TIMING_PRESETS.map((p) => p.name)).toEqual([
      'paranoid',
      'sneaky',
      'polite',
      'normal',
      'aggressive',
      'insane',
    ]);
    expect(TIMING_PRESETS[5].maxTimeoutMs).toBeLessThan(TIMING_PRESETS[3].maxTimeoutMs);
    expect(TIMING_PRESETS[0].maxParallelism).toBe(1);
  });
});

describe('congestion window', () => {
  const p = DEFAULT_CONGESTION;

  it('starts at 10 with ssthresh 75', () => {
    expect(initialWindow(p)).toEqual({ cwnd: 10, ssthresh: 75 });
  });

  it('grows by one per answer in slow start, then by 1/cwnd, never above the cap', () => {
    let w = initialWindow(p);
    for (let i = 0; i < 65; i++) w = onAnswer(w, p);
    expect(w.cwnd).toBe(75);
    w = onAnswer(w, p);
    expect(w.cwnd).toBeCloseTo(75 + 1 / 75);
    for (let i = 0; i < 200_000; i++) w = onAnswer(w, p);
    expect(w.cwnd).toBe(300);
  });

  it('halves on a loss and sets ssthresh to half of what was in flight', () => {
    expect(onLoss({ cwnd: 40, ssthresh: 75 }, 40, p)).toEqual({ cwnd: 20, ssthresh: 20 });
    expect(onLoss({ cwnd: 1, ssthresh: 75 }, 1, p)).toEqual({ cwnd: 1, ssthresh: 2 });
  });

  it('settles under a resource limit', () => {
    expect(onResourcePressure({ cwnd: 300, ssthresh: 75 }, 100, p)).toEqual({ cwnd: 75, ssthresh: 75 });
    expect(onResourcePressure({ cwnd: 3, ssthresh: 75 }, 0, p).cwnd).toBe(1);
  });
});

describe('timer wheel', () => {
  it('expires entries once their deadline has passed, each once, in one lap after a long stall', () => {
    let now = 1000;
    const fired: string[] = [];
    const w = new TimerWheel<string>((s) => fired.push(s), { tickMs: 10, slots: 8, now: () => now, autoTick: false });
    w.add(1015, 'a');
    w.add(1050, 'b');
    w.add(1500, 'far'); // beyond the ring: waits for later laps
    now = 1020;
    w.advance();
    expect(fired).toEqual(['a']);
    now = 1100;
    w.advance();
    expect(fired).toEqual(['a', 'b']);
    expect(w.pending).toBe(1);
    now = 1499;
    w.advance();
    expect(fired).toEqual(['a', 'b']);
    now = 5000;
    w.advance();
    expect(fired).toEqual(['a', 'b', 'far']);
    expect(w.pending).toBe(0);
  });

  it('fires with its own timer', async () => {
    const fired: number[] = [];
    const w = new TimerWheel<number>((n) => fired.push(n), { tickMs: 5 });
    w.add(performance.now() + 20, 1);
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).toEqual([1]);
    w.clear();
  });
});

describe('self-connect', () => {
  it('is a socket whose local endpoint is the remote endpoint', () => {
    expect(isSelfConnect('127.0.0.1', 40000, '127.0.0.1', 40000)).toBe(true);
    expect(isSelfConnect('::ffff:127.0.0.1', 40000, '127.0.0.1', 40000)).toBe(true);
    expect(isSelfConnect('::1', 40001, '::1', 40001)).toBe(true);
    expect(isSelfConnect('127.0.0.1', 40000, '127.0.0.1', 40001)).toBe(false);
    expect(isSelfConnect('127.0.0.2', 40000, '127.0.0.1', 40000)).toBe(false);
    expect(isSelfConnect(undefined, undefined, '127.0.0.1', 40000)).toBe(false);
  });
});

describe('error classification', () => {
  it('maps refusals, unreachables and local shortages', () => {
    expect(classifyError('ECONNREFUSED')).toEqual({ kind: 'closed' });
    expect(classifyError('EHOSTUNREACH')).toEqual({ kind: 'filtered', reason: 'host-unreach' });
    expect(classifyError('ENETUNREACH')).toEqual({ kind: 'filtered', reason: 'net-unreach' });
    expect(classifyError('EACCES')).toEqual({ kind: 'filtered', reason: 'admin-prohibited' });
    expect(classifyError('ETIMEDOUT')).toEqual({ kind: 'filtered', reason: 'timeout' });
    for (const code of ['EMFILE', 'ENFILE', 'ENOBUFS', 'EADDRNOTAVAIL', 'EAGAIN']) {
      expect(classifyError(code)).toEqual({ kind: 'pressure', code });
    }
    expect(classifyError('EWHATEVER')).toEqual({ kind: 'error', code: 'EWHATEVER' });
  });
});

describe('descriptor limit', () => {
  it('reads the soft limit from /proc/self/limits', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max open files            1024                 524288               files',
    ].join('\n');
    expect(parseNofileLimit(text)).toBe(1024);
    expect(parseNofileLimit('Max open files            unlimited            unlimited            files')).toBeNull();
    expect(parseNofileLimit('')).toBeNull();
  });

  it('keeps a reserve for the rest of the process', () => {
    expect(socketBudget(1024)).toBe(896);
    expect(socketBudget(20000)).toBe(19872);
    expect(socketBudget(64)).toBe(48);
    expect(socketBudget(4)).toBe(1);
  });
});

describe('options', () => {
  it('applies the template and bounds parallelism by the descriptor budget', () => {
    const o = resolveTcpOptions({ timing: 4 }, 100);
    expect(o.maxRetries).toBe(6);
    expect(o.maxInFlight).toBe(100);
    expect(o.congestion.maxCwnd).toBe(100);
    expect(o.maxRate).toBe(Infinity);
    expect(resolveTcpOptions({ timing: 2, maxRate: 100 }, 100).maxRate).toBe(2.5);
    expect(resolveTcpOptions({ maxRetries: 0 }, 100).maxRetries).toBe(0);
  });

  it('rejects nonsense with a usage error', () => {
    expect(() => resolveTcpOptions({ maxRetries: -1 }, 100)).toThrow(/maxRetries/);
    expect(() => resolveTcpOptions({ maxRate: 0 }, 100)).toThrow(/maxRate/);
    expect(() => resolveTcpOptions({ timing: 9 as 5 }, 100)).toThrow(/timing/);
  });
});

describe('worker wire format', () => {
  it('packs probes into typed arrays with a host table', () => {
    const p = new ProbePacker(3);
    p.push('127.0.0.1', 22);
    p.push('::1', 65535);
    p.push('127.0.0.1', 1);
    expect(p.full).toBe(true);
    const { batch, transfer } = p.take();
    expect(batch.hosts).toEqual(['127.0.0.1', '::1']);
    expect([...batch.hostIndex]).toEqual([0, 1, 0]);
    expect([...batch.ports]).toEqual([22, 65535, 1]);
    expect(transfer).toHaveLength(2);
    expect(p.length).toBe(0);
  });

  it('round-trips events in their order, with null round-trip times', () => {
    const events: ScanEvent[] = [
      { type: 'host', host: '::1', state: 'up', reason: 'syn-ack' },
      { type: 'port', host: '::1', transport: 'tcp', port: 22, state: 'open', reason: 'syn-ack', rttMs: 0.125 },
      {
        type: 'port',
        host: '203.0.113.1',
        transport: 'tcp',
        port: 23,
        state: 'filtered',
        reason: 'timeout',
        rttMs: null,
      },
      { type: 'progress', done: 2, total: 2, rate: 0 },
      { type: 'port', host: '::1', transport: 'tcp', port: 24, state: 'closed', reason: 'conn-refused', rttMs: 1 },
      {
        type: 'port',
        host: '::1',
        transport: 'tcp',
        port: 25,
        state: 'filtered',
        reason: 'admin-prohibited',
        rttMs: 3,
      },
      { type: 'host', host: '203.0.113.9', state: 'down', reason: 'timeout' },
    ];
    const packer = new EventPacker();
    for (const e of events) packer.push(e);
    expect(packer.length).toBe(events.length);
    const out: ScanEvent[] = [];
    unpackEvents(
      packer.take().batch,
      (e) => out.push(e),
      (e) => out.push(e),
    );
    expect(out).toEqual(events);
    expect(packer.length).toBe(0);
  });
});
