/** Folds a scan's event stream into per-host results for the final report, keeping only what is shown. */
import type { HostObserved, PortObserved, PortState, ScanEvent } from '../core/scan.js';

export interface HostResult {
  readonly host: string;
  state: 'up' | 'down' | 'unknown';
  reason: HostObserved['reason'] | null;
  /** Ports not closed (open, filtered, open|filtered), in port order when read through `sorted`. */
  readonly ports: PortObserved[];
  /** How many ports ended in each state, shown or not. */
  readonly counts: Record<PortState, number>;
}

/** Collects results; memory grows with hosts seen and ports not closed, never with closed ports. */
export class ScanCollector {
  private readonly hosts = new Map<string, HostResult>();
  probes = 0;

  private host(name: string): HostResult {
    let h = this.hosts.get(name);
    if (h === undefined) {
      h = {
        host: name,
        state: 'unknown',
        reason: null,
        ports: [],
        counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 },
      };
      this.hosts.set(name, h);
    }
    return h;
  }

  add(event: ScanEvent): void {
    if (event.type === 'port') {
      this.probes += 1;
      const h = this.host(event.host);
      h.counts[event.state] += 1;
      // Any answer proves the host is up; "filtered" and "open|filtered" prove nothing.
      if (event.state === 'open' || event.state === 'closed') h.state = 'up';
      if (event.state !== 'closed') h.ports.push(event);
    } else if (event.type === 'host') {
      const h = this.host(event.host);
      h.state = event.state;
      h.reason = event.reason;
    }
  }

  /** Start from results saved by an earlier, interrupted run of the same scan. */
  restore(hosts: readonly HostResult[], probes: number): void {
    for (const h of hosts) this.hosts.set(h.host, { ...h, ports: [...h.ports], counts: { ...h.counts } });
    this.probes = probes;
  }

  /** Hosts in address order, each with its ports in port order (TCP before UDP). */
  results(): HostResult[] {
    const order = (p: PortObserved): number => p.port * 2 + (p.transport === 'tcp' ? 0 : 1);
    return [...this.hosts.values()]
      .map((h) => ({ ...h, ports: [...h.ports].sort((a, b) => order(a) - order(b)) }))
      .sort((a, b) => compareAddresses(a.host, b.host));
  }
}

/** Results of several collectors (one per transport) as one list, hosts merged. */
export function mergeResults(...parts: readonly (readonly HostResult[])[]): HostResult[] {
  const merged = new ScanCollector();
  const hosts = new Map<string, HostResult>();
  for (const part of parts) {
    for (const h of part) {
      const m = hosts.get(h.host);
      if (m === undefined) {
        hosts.set(h.host, { ...h, ports: [...h.ports], counts: { ...h.counts } });
        continue;
      }
      m.ports.push(...h.ports);
      for (const k of Object.keys(m.counts) as (keyof HostResult['counts'])[]) m.counts[k] += h.counts[k];
      if (h.state === 'up' || (h.state === 'down' && m.state === 'unknown')) {
        m.state = h.state;
        m.reason = h.reason;
      }
    }
  }
  merged.restore([...hosts.values()], 0);
  return merged.results();
}

/** IPv4 before IPv6, numerically within a family. */
export function compareAddresses(a: string, b: string): number {
  const key = (s: string): string =>
    s.includes(':')
      ? `6${s}`
      : `4${s
          .split('.')
          .map((o) => o.padStart(3, '0'))
          .join('.')}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
