/** Identification data as the build writes it to dist/signatures.json: probes and the replies that match them. */
import type { Transport } from '../core/socket.js';

export interface Probe {
  readonly name: string;
  readonly transport: Extract<Transport, 'tcp' | 'udp'>;
  /** Bytes to send, hex ('' for the banner probe, which sends nothing). */
  readonly payloadHex: string;
  /** Ports where this probe is tried first. */
  readonly ports: readonly number[];
  /** Ports where the probe is likely to be spoken inside TLS. */
  readonly tlsPorts: readonly number[];
  /** 1 = try on every port … 9 = only on its own ports. */
  readonly rarity: number;
  /** How long to wait for the reply, when the probe says. */
  readonly waitMs?: number;
}

export interface Signature {
  readonly probe: string;
  readonly service: string;
  readonly pattern: string;
  readonly flags: string;
  readonly product?: string;
  readonly version?: string;
  readonly info?: string;
  readonly os?: string;
  readonly cpe?: string;
  readonly soft: boolean;
  /** The file it came from, for messages. */
  readonly file: string;
}

export interface SignatureData {
  readonly version: 1;
  readonly probes: readonly Probe[];
  readonly signatures: readonly Signature[];
}
