/**
 * The scheduler of the TCP connect engine: pulls probes from a source (order is the caller's business), keeps
 * as many in flight as the congestion windows, the descriptor budget and the rate ceiling allow, times them out
 * from per-host round-trip estimates on one timer wheel, retries losses, recognises silent hosts early, and
 * queues the results as events for the driver in engine.ts.
 */
import type { HostObserved, PortObserved, ScanEvent, StateReason } from '../../core/scan.js';
import { tcpConnect, type ConnectOutcome, type Connector } from './connect.js';
import { initialWindow, onAnswer, onLoss, onResourcePressure, type Window } from './congestion.js';
import { checkProbe, resolveTcpOptions, type ResolvedTcpOptions, type TcpScanOptions } from './options.js';
import { isSelfConnect } from './self-connect.js';
import { newHostState, type HostState, type Pending, type ProbeSource } from './state.js';
import { addRttSample, NO_RTT, probeTimeoutMs, retryTimeoutMs, type RttEstimate } from './timing.js';
import { TimerWheel } from './wheel.js';

/** Queued events above which no probe starts until the consumer catches up. */
const HIGH_WATER = 4096;
/** Probes pulled but waiting for their host's window, at most: bounds memory whatever the target count. */
const BLOCKED_LIMIT = 2048;
/** Hosts released from the starved list per probe that lands: bounds the work of one landing. */
const RELEASE_PER_LANDING = 4;
/** Self-connects of one probe before we stop re-trying it (each retry gets a new local port). */
const MAX_SELF_CONNECTS = 8;

const ms = (x: number): number => Math.round(x * 1000) / 1000;

/** One scan's state. Not reusable. */
export class TcpScheduler {
  private readonly opts: ResolvedTcpOptions;
  private readonly connector: Connector;
  private readonly hosts = new Map<string, HostState>();
  private readonly ready: HostState[] = [];
  /** Hosts with probes waiting on a scan-wide budget (congestion window or discovery budget), not on their own. */
  private readonly starved: HostState[] = [];
  private readonly active = new Set<Pending>();
  private readonly wheel: TimerWheel<Pending>;
  private window: Window;
  private rtt: RttEstimate = NO_RTT;
  private lastCutSeq = 0;
  private seq = 0;
  private inFlight = 0;
  /** Probes in flight to hosts not yet heard from, and how many such hosts have work. */
  private discoveryInFlight = 0;
  private undecidedHosts = 0;
  /** Hosts decided so far (up or down), to tell how many of the expected ones are still to come. */
  private decidedHosts = 0;
  /** Probes in flight to undecided hosts, at most: many hosts are tried at once, each with a few probes. */
  private readonly discoveryBudget: number;
  private blocked = 0;
  private exhausted = false;
  private pulled = 0;
  private done = 0;
  /** In-flight ceiling: the descriptor budget, lowered when EMFILE shows less room. */
  private ceiling: number;
  private pressureUntil = 0;
  private pressureBackoffMs = 0;
  private wakeTimer: NodeJS.Timeout | null = null;
  private tokens = 1;
  private tokensAt: number;
  private pumping = false;
  private stopped = false;
  private ended = false;
  private lastProgressAt: number;
  private lastProgressDone = 0;
  private events: ScanEvent[] = [];
  private wake: (() => void) | null = null;
  /** An error of the source (a bad target spec, say); the driver rethrows it. */
  error: Error | null = null;

  constructor(
    private readonly source: ProbeSource,
    options: TcpScanOptions,
    budget: number,
  ) {
    this.opts = resolveTcpOptions(options, budget);
    this.connector = options.connector ?? tcpConnect;
    this.window = initialWindow(this.opts.congestion);
    this.ceiling = this.opts.maxInFlight;
    this.discoveryBudget =
      this.opts.preset.maxParallelism <= 1 ? 1 : Math.max(1, Math.min(this.ceiling, this.opts.maxDiscoveryInFlight));
    this.wheel = new TimerWheel<Pending>((p) => {
      this.expire(p);
    });
    this.lastProgressAt = performance.now();
    this.tokensAt = this.lastProgressAt;
  }

  /** Whether every probe is decided (or the scan was stopped). */
  get finished(): boolean {
    return this.stopped || this.ended;
  }

  /** The events produced since the last call. */
  take(): ScanEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** Resolves when there are events to take or the scan has finished. */
  waitForEvents(): Promise<void> {
    if (this.events.length > 0 || this.finished) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const w = this.wake;
    if (w !== null) {
      this.wake = null;
      w();
    }
  }

  /** Stop at once: cancel what is in flight; what was decided stays decided. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of this.active) {
      p.active = false;
      p.handle?.cancel();
    }
    this.active.clear();
    this.wheel.clear();
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.notify();
  }

  /** Start probes while every window allows. Re-entrant calls (a connector that answers at once) fold in. */
  pump(): void {
    if (this.pumping || this.finished) return;
    this.pumping = true;
    try {
      let now = performance.now();
      while (this.groupMayStart(now)) {
        const p = this.nextProbe();
        if (p === null) break;
        this.start(p, now);
        now = performance.now();
      }
      this.maybeProgress(now, false);
      if (this.exhausted && this.inFlight === 0 && this.blocked === 0) this.finish();
    } catch (err) {
      this.error ??= err instanceof Error ? err : new Error(String(err));
      this.stop();
    } finally {
      this.pumping = false;
    }
  }

  private hostOf(name: string): HostState {
    let h = this.hosts.get(name);
    if (h === undefined) {
      h = newHostState(name, initialWindow(this.opts.congestion));
      this.hosts.set(name, h);
      if (this.opts.skipHostDiscovery) {
        h.state = 'up';
        this.emit({ type: 'host', host: name, state: 'up', reason: 'skipped-discovery' });
      } else this.undecidedHosts++;
    }
    return h;
  }

  private emit(e: ScanEvent): void {
    this.events.push(e);
    this.notify();
  }

  /** Whether the scan as a whole may start one more probe now; arms a wake-up when only time stands in the way. */
  private groupMayStart(now: number): boolean {
    if (this.events.length >= HIGH_WATER) return false;
    if (this.inFlight >= this.ceiling) return false;
    // The congestion window paces probes to live hosts; while hosts are undecided, their first contacts may still
    // start on the discovery budget (hostMayStart sorts out which probe may go).
    const windowFull = this.inFlight - this.discoveryInFlight >= Math.max(1, Math.floor(this.window.cwnd));
    if (windowFull && (this.undecidedHosts === 0 || this.discoveryInFlight >= this.discoveryBudget)) return false;
    if (now < this.pressureUntil) {
      this.wakeAfter(this.pressureUntil - now);
      return false;
    }
    if (this.opts.maxRate !== Infinity) {
      const burst = Math.max(1, this.opts.maxRate / 100);
      this.tokens = Math.min(burst, this.tokens + ((now - this.tokensAt) * this.opts.maxRate) / 1000);
      this.tokensAt = now;
      if (this.tokens < 1) {
        this.wakeAfter(((1 - this.tokens) * 1000) / this.opts.maxRate);
        return false;
      }
    }
    return true;
  }

  private wakeAfter(delayMs: number): void {
    if (this.wakeTimer !== null) return;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null;
        this.pump();
      },
      Math.max(1, Math.ceil(delayMs)),
    );
  }

  /**
   * Whether a probe of `h` may start now. A live host: its own window and the scan's congestion window. A host not
   * yet heard from: the discovery budget, shared so that many such hosts are tried at once, each with a few
   * probes — a network of silent addresses then costs one first-contact wait, not one per address.
   */
  private hostMayStart(h: HostState): boolean {
    if (h.state === 'down') return true; // Its probes are dropped when pulled; let them through.
    const own = h.inFlight < Math.max(1, Math.floor(h.window.cwnd));
    if (!own) return false;
    if (h.state === 'up') return this.inFlight - this.discoveryInFlight < Math.max(1, Math.floor(this.window.cwnd));
    // Hosts not seen yet will want their share too: early ones must not take the whole budget.
    const toCome = this.opts.expectedHosts === null ? 0 : this.opts.expectedHosts - this.decidedHosts;
    const share = Math.floor(this.discoveryBudget / Math.max(1, this.undecidedHosts, toCome));
    const perHost = Math.max(1, Math.min(this.opts.congestion.initialCwnd, share));
    return this.discoveryInFlight < this.discoveryBudget && h.inFlight < perHost;
  }

  /** Remember a host held back by a scan-wide budget, so a landing elsewhere can wake it. */
  private starve(h: HostState): void {
    if (!h.inStarved && h.queue.length > 0) {
      h.inStarved = true;
      this.starved.push(h);
    }
  }

  /** The next probe that may start: a waiting one whose host has room, else a new one from the source. */
  private nextProbe(): Pending | null {
    while (this.ready.length > 0) {
      const h = this.ready.shift() as HostState;
      h.inReady = false;
      if (h.queue.length === 0) continue;
      if (!this.hostMayStart(h)) {
        // Its own landing re-queues it; with nothing of its own in flight, only a landing elsewhere can.
        if (h.inFlight === 0) this.starve(h);
        continue;
      }
      const p = h.queue.shift() as Pending;
      this.blocked--;
      this.markReady(h);
      return p;
    }
    while (!this.exhausted && this.blocked < BLOCKED_LIMIT) {
      const probe = this.source.next();
      if (probe === null) break;
      if (probe === undefined) {
        this.exhausted = true;
        break;
      }
      checkProbe(probe);
      this.pulled++;
      const h = this.hostOf(probe.host);
      if (h.state === 'down') {
        this.done++;
        continue;
      }
      const p: Pending = {
        host: h,
        port: probe.port,
        discovery: false,
        tries: 0,
        selfConnects: 0,
        active: false,
        handle: null,
        sentAt: 0,
        deadline: 0,
        seq: 0,
      };
      if (h.queue.length === 0 && this.hostMayStart(h)) return p;
      h.queue.push(p);
      this.blocked++;
      if (h.inFlight === 0) this.starve(h);
    }
    return null;
  }

  private markReady(h: HostState): void {
    if (!h.inReady && h.queue.length > 0) {
      h.inReady = true;
      this.ready.push(h);
    }
  }

  private start(p: Pending, now: number): void {
    const h = p.host;
    if (this.opts.maxRate !== Infinity) this.tokens -= 1;
    const base = probeTimeoutMs(h.rtt, this.opts.preset, this.rtt);
    p.seq = ++this.seq;
    p.active = true;
    p.sentAt = now;
    p.deadline = now + (p.tries === 0 ? base : retryTimeoutMs(base, p.tries, this.opts.preset));
    p.discovery = h.state === 'unknown';
    if (p.discovery) {
      // Waiting for the kernel's verdict on an address nobody may hold (EHOSTUNREACH after neighbour discovery).
      p.deadline = Math.max(p.deadline, now + this.opts.preset.firstContactMs);
      this.discoveryInFlight++;
    }
    this.inFlight++;
    h.inFlight++;
    this.active.add(p);
    this.wheel.add(p.deadline, p);
    const handle = this.connector(h.name, p.port, (outcome) => {
      this.settle(p, outcome);
    });
    // The connector may have answered already (synchronously): then the attempt is over and needs no handle.
    if (TcpScheduler.inFlight(p)) p.handle = handle;
  }

  private static inFlight(p: Pending): boolean {
    return p.active;
  }

  /** Take `p` out of flight; false when it was no longer in flight. */
  private land(p: Pending): boolean {
    if (!p.active) return false;
    p.active = false;
    p.handle = null;
    this.active.delete(p);
    this.inFlight--;
    if (p.discovery) this.discoveryInFlight--;
    const h = p.host;
    h.inFlight--;
    // Hosts held back by a scan-wide budget go first, ahead of the host whose probe just landed: otherwise that
    // host takes every slot it frees and the others wait until it has nothing left (hosts scanned one by one).
    // A few per landing; all of them when this was the last probe in flight, as no other landing is coming.
    const release = this.inFlight === 0 ? this.starved.length : RELEASE_PER_LANDING;
    for (let i = 0; i < release && this.starved.length > 0; i++) {
      const s = this.starved.shift() as HostState;
      s.inStarved = false;
      this.markReady(s);
    }
    this.markReady(h);
    return true;
  }

  /** Put `p` back at the head of its host's queue. */
  private requeue(p: Pending): void {
    p.host.queue.unshift(p);
    this.blocked++;
    this.markReady(p.host);
  }

  private settle(p: Pending, outcome: ConnectOutcome): void {
    if (!this.land(p)) return;
    const now = performance.now();
    const rttMs = now - p.sentAt;
    switch (outcome.kind) {
      case 'open':
        if (isSelfConnect(outcome.localAddress, outcome.localPort, p.host.name, p.port)) {
          // No listener holds the port (the kernel could not have picked it as a local port otherwise): the
          // truthful answer is a refusal, which a new attempt from another local port gets.
          p.selfConnects++;
          if (p.selfConnects < MAX_SELF_CONNECTS) this.requeue(p);
          else this.answered(p, 'closed', 'conn-refused', null, now);
        } else {
          this.answered(p, 'open', 'syn-ack', rttMs, now);
        }
        break;
      case 'closed':
        this.answered(p, 'closed', 'conn-refused', rttMs, now);
        break;
      case 'filtered':
        if (outcome.reason === 'timeout') this.lost(p, now);
        else this.unreachable(p, outcome.reason, rttMs, now);
        break;
      case 'pressure':
        this.pressure(p, outcome.code, now);
        break;
      case 'error':
        this.lost(p, now);
        break;
    }
    this.pump();
  }

  /** A SYN-ACK or a RST: the host is up and the network delivered; measure and grow. */
  private answered(p: Pending, state: 'open' | 'closed', reason: StateReason, rttMs: number | null, now: number): void {
    const h = p.host;
    if (p.tries > 0) this.cut(p);
    else {
      this.window = onAnswer(this.window, this.opts.congestion);
      h.window = onAnswer(h.window, this.opts.congestion);
    }
    if (p.tries > h.maxAnsweredTry) h.maxAnsweredTry = p.tries;
    // Karn's rule: only a first try's answer tells the round trip.
    if (p.tries === 0 && rttMs !== null) {
      h.rtt = addRttSample(h.rtt, rttMs);
      this.rtt = addRttSample(this.rtt, rttMs);
    }
    this.pressureBackoffMs = 0;
    if (h.state !== 'up') {
      if (h.state === 'unknown') {
        this.undecidedHosts--;
        this.decidedHosts++;
      }
      h.state = 'up';
      this.emit({ type: 'host', host: h.name, state: 'up', reason });
      for (const held of h.held) this.emit(held);
      h.held = [];
    }
    this.done++;
    const e: PortObserved = {
      type: 'port',
      host: h.name,
      transport: 'tcp',
      port: p.port,
      state,
      reason,
      rttMs: rttMs === null ? null : ms(rttMs),
    };
    this.emit(e);
    this.maybeProgress(now, false);
  }

  /** An ICMP unreachable (or a local reject): an answer from the network, not from the host. */
  private unreachable(p: Pending, reason: StateReason, rttMs: number, now: number): void {
    if (p.tries > 0) this.cut(p);
    else this.window = onAnswer(this.window, this.opts.congestion);
    const h = p.host;
    h.lastNegative = reason;
    this.negative(p, reason, ms(rttMs), now);
    // Nobody holds the address (no neighbour answered) or no route leads there: the host is down, at once.
    if (h.state === 'unknown' && (reason === 'host-unreach' || reason === 'net-unreach')) this.markDown(h);
  }

  /**
   * No answer in time. Not yet a loss signal: a filtered port never answers, which says nothing about
   * congestion. Retry, at most once more than this host ever needed before it answered (nmap's rule), so a
   * filtered port costs two tries, not ten; `cut` happens when a retry is answered (the first try was lost).
   */
  private lost(p: Pending, now: number): void {
    const h = p.host;
    const allowed = Math.min(this.opts.maxRetries, h.maxAnsweredTry + 1);
    if (p.tries < allowed && h.state !== 'down') {
      p.tries++;
      this.requeue(p);
      return;
    }
    h.lastNegative = 'timeout';
    this.negative(p, 'timeout', null, now);
  }

  /** An answer to a re-sent probe: the first try was lost on the way. Cut the windows once per round trip. */
  private cut(p: Pending): void {
    const h = p.host;
    if (p.seq > h.lastCutSeq) {
      h.window = onLoss(h.window, h.inFlight + 1, this.opts.congestion);
      h.lastCutSeq = this.seq;
    }
    if (p.seq > this.lastCutSeq) {
      this.window = onLoss(this.window, this.inFlight + 1, this.opts.congestion);
      this.lastCutSeq = this.seq;
    }
  }

  private expire(p: Pending): void {
    const now = performance.now();
    if (!p.active || p.deadline > now) return;
    const handle = p.handle;
    this.land(p);
    handle?.cancel();
    this.lost(p, now);
    this.pump();
  }

  /** Descriptors, buffers or ephemeral ports ran out here: back off, shrink, and try the same probe again. */
  private pressure(p: Pending, code: string, now: number): void {
    this.window = onResourcePressure(this.window, this.inFlight, this.opts.congestion);
    if (code === 'EMFILE' || code === 'ENFILE') this.ceiling = Math.max(1, Math.min(this.ceiling, this.inFlight));
    this.pressureBackoffMs = Math.min(500, Math.max(5, this.pressureBackoffMs * 2));
    this.pressureUntil = now + this.pressureBackoffMs;
    this.requeue(p);
  }

  /** A filtered result: emitted at once for a live host, held for an undecided one, dropped for a dead one. */
  private negative(p: Pending, reason: StateReason, rttMs: number | null, now: number): void {
    const h = p.host;
    const e: PortObserved = {
      type: 'port',
      host: h.name,
      transport: 'tcp',
      port: p.port,
      state: 'filtered',
      reason,
      rttMs,
    };
    this.done++;
    if (h.state === 'up') this.emit(e);
    else if (h.state === 'unknown') {
      h.held.push(e);
      if (h.held.length >= this.opts.hostDownAfter) this.markDown(h);
    }
    this.maybeProgress(now, false);
  }

  private markDown(h: HostState): void {
    if (h.state === 'unknown') {
      this.undecidedHosts--;
      this.decidedHosts++;
    }
    h.state = 'down';
    h.held = [];
    const e: HostObserved = { type: 'host', host: h.name, state: 'down', reason: h.lastNegative };
    this.emit(e);
    // Its waiting probes are decided with it; those in flight land and are dropped.
    this.done += h.queue.length;
    this.blocked -= h.queue.length;
    h.queue.length = 0;
  }

  private maybeProgress(now: number, force: boolean): void {
    const elapsed = now - this.lastProgressAt;
    if (!force && elapsed < this.opts.progressIntervalMs) return;
    const rate = elapsed > 0 ? ((this.done - this.lastProgressDone) * 1000) / elapsed : 0;
    this.lastProgressAt = now;
    this.lastProgressDone = this.done;
    const total = Math.max(this.opts.totalProbes ?? this.pulled, this.done);
    this.emit({ type: 'progress', done: this.done, total, rate: Math.round(rate) });
  }

  /** Decide the hosts still undecided (no answer at all: down) and emit the last progress. */
  private finish(): void {
    if (this.ended) return;
    for (const h of this.hosts.values()) if (h.state === 'unknown') this.markDown(h);
    this.maybeProgress(performance.now(), true);
    this.ended = true;
    this.wheel.clear();
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.notify();
  }
}
