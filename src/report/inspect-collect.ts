/** Keeps what identification and the checks found, per port, for the final report and the exposure findings. */
import type { Finding } from '../core/finding.js';
import type { CheckCompleted, PortObserved, ScanEvent } from '../core/scan.js';
import type { ServiceInfo } from '../core/service.js';
import type { Transport } from '../core/socket.js';

function key(host: string, transport: Transport, port: number): string {
  return `${host}\u0000${transport}\u0000${String(port)}`;
}

export class InspectCollector {
  readonly #services = new Map<string, ServiceInfo>();
  readonly #checks: CheckCompleted[] = [];

  add(event: ScanEvent): void {
    if (event.type === 'service') this.#services.set(key(event.host, event.transport, event.port), event.service);
    else if (event.type === 'check') {
      this.#checks.push(event);
      if (event.service !== undefined) this.#learn(event, event.service);
    }
  }

  /** A check that spoke the protocol may know more than identification did: fill in what is missing. */
  #learn(where: Pick<PortObserved, 'host' | 'transport' | 'port'>, learned: Partial<ServiceInfo>): void {
    const k = key(where.host, where.transport, where.port);
    const known = this.#services.get(k);
    if (known === undefined) {
      if (learned.service === undefined) return;
      this.#services.set(k, { tls: false, method: 'probe', confidence: 8, ...learned, service: learned.service });
      return;
    }
    if (known.product !== undefined && known.confidence >= 10) return;
    this.#services.set(k, {
      ...learned,
      ...stripUndefined(known),
      product: known.product ?? learned.product,
      version: known.version ?? learned.version,
    } as ServiceInfo);
  }

  service(port: Pick<PortObserved, 'host' | 'transport' | 'port'>): ServiceInfo | null {
    return this.#services.get(key(port.host, port.transport, port.port)) ?? null;
  }

  /** Check results of one host, in the order they finished. */
  checksOf(host: string): CheckCompleted[] {
    return this.#checks.filter((c) => c.host === host);
  }

  /** Every finding the checks raised. */
  findings(): Finding[] {
    return this.#checks.flatMap((c) => c.findings);
  }

  get checkCount(): number {
    return this.#checks.length;
  }

  get portCount(): number {
    return new Set(this.#checks.map((c) => key(c.host, c.transport, c.port))).size;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "product version (extra)" as one line, or '' when identification learned nothing beyond the name. */
export function versionText(s: ServiceInfo | null): string {
  if (s === null) return '';
  const main = [s.product, s.version].filter((x) => x !== undefined).join(' ');
  return s.extraInfo === undefined ? main : `${main} (${s.extraInfo})`.trim();
}
