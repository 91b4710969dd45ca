/**
 * The compact messages between the main thread and the scan workers: probes and port results packed into
 * typed arrays (transferred, not copied), because cloning one object per port costs more than the port's socket.
 */
import type { PortObserved, PortState, ScanEvent, StateReason } from '../../core/scan.js';

/** A batch of probes: host i of the batch is `hosts[hostIndex[i]]`. */
export interface ProbeBatch {
  readonly hosts: readonly string[];
  readonly hostIndex: Uint32Array;
  readonly ports: Uint16Array;
}

/** A batch of events: packed port results, and the other events with the number of port results before each. */
export interface EventBatch {
  readonly hosts: readonly string[];
  readonly hostIndex: Uint32Array;
  readonly ports: Uint16Array;
  /** STATES index × 16 + REASONS index. */
  readonly codes: Uint8Array;
  /** Milliseconds; NaN for null. */
  readonly rtts: Float64Array;
  readonly others: readonly { readonly at: number; readonly event: ScanEvent }[];
}

const STATES: readonly PortState[] = ['open', 'closed', 'filtered', 'open|filtered'];
const REASONS: readonly StateReason[] = [
  'syn-ack',
  'conn-refused',
  'udp-response',
  'timeout',
  'host-unreach',
  'net-unreach',
  'admin-prohibited',
  'no-response',
];

/** Builds a batch of one kind of record by appending; `take` returns it and starts a new one. */
class HostTable {
  private names: string[] = [];
  private readonly index = new Map<string, number>();
  indexOf(host: string): number {
    let i = this.index.get(host);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(host);
      this.index.set(host, i);
    }
    return i;
  }
  take(): string[] {
    const out = this.names;
    this.names = [];
    this.index.clear();
    return out;
  }
}

/** Packs probes for one worker. */
export class ProbePacker {
  private readonly table = new HostTable();
  private hostIndex: Uint32Array;
  private ports: Uint16Array;
  length = 0;

  constructor(private readonly capacity: number) {
    this.hostIndex = new Uint32Array(capacity);
    this.ports = new Uint16Array(capacity);
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  push(host: string, port: number): void {
    this.hostIndex[this.length] = this.table.indexOf(host);
    this.ports[this.length] = port;
    this.length++;
  }

  /** The batch so far, and the buffers to transfer. */
  take(): { batch: ProbeBatch; transfer: ArrayBuffer[] } {
    const batch: ProbeBatch = {
      hosts: this.table.take(),
      hostIndex: this.hostIndex.subarray(0, this.length),
      ports: this.ports.subarray(0, this.length),
    };
    this.hostIndex = new Uint32Array(this.capacity);
    this.ports = new Uint16Array(this.capacity);
    this.length = 0;
    return { batch, transfer: [batch.hostIndex.buffer as ArrayBuffer, batch.ports.buffer as ArrayBuffer] };
  }
}

/** Packs a worker's events. */
export class EventPacker {
  private readonly table = new HostTable();
  private hostIndex: number[] = [];
  private ports: number[] = [];
  private codes: number[] = [];
  private rtts: number[] = [];
  private others: { at: number; event: ScanEvent }[] = [];

  /** Events packed so far. */
  get length(): number {
    return this.ports.length + this.others.length;
  }

  push(e: ScanEvent): void {
    if (e.type !== 'port') {
      this.others.push({ at: this.ports.length, event: e });
      return;
    }
    this.hostIndex.push(this.table.indexOf(e.host));
    this.ports.push(e.port);
    this.codes.push(STATES.indexOf(e.state) * 16 + REASONS.indexOf(e.reason));
    this.rtts.push(e.rttMs ?? NaN);
  }

  take(): { batch: EventBatch; transfer: ArrayBuffer[] } {
    const batch: EventBatch = {
      hosts: this.table.take(),
      hostIndex: Uint32Array.from(this.hostIndex),
      ports: Uint16Array.from(this.ports),
      codes: Uint8Array.from(this.codes),
      rtts: Float64Array.from(this.rtts),
      others: this.others,
    };
    this.hostIndex = [];
    this.ports = [];
    this.codes = [];
    this.rtts = [];
    this.others = [];
    const transfer = [batch.hostIndex, batch.ports, batch.codes, batch.rtts].map((a) => a.buffer as ArrayBuffer);
    return { batch, transfer };
  }
}

/**
 * Unpack `batch` in its original order, calling `port` for each port result and `other` for the rest.
 * @example unpackEvents(batch, (e) => out.push(e), (e) => out.push(e));
 */
export function unpackEvents(batch: EventBatch, port: (e: PortObserved) => void, other: (e: ScanEvent) => void): void {
  let o = 0;
  const n = batch.ports.length;
  for (let i = 0; i <= n; i++) {
    while (o < batch.others.length && (batch.others[o] as { at: number }).at === i) {
      other((batch.others[o] as { event: ScanEvent }).event);
      o++;
    }
    if (i === n) break;
    const code = batch.codes[i] as number;
    const rtt = batch.rtts[i] as number;
    port({
      type: 'port',
      host: batch.hosts[batch.hostIndex[i] as number] as string,
      transport: 'tcp',
      port: batch.ports[i] as number,
      state: STATES[code >> 4] as PortState,
      reason: REASONS[code & 15] as StateReason,
      rttMs: Number.isNaN(rtt) ? null : rtt,
    });
  }
}
