/**
 * One run of portwarden — an audit of this machine, a network scan, or an imported nmap scan — as one record:
 * what was looked at, what was found per host and port, and every finding. This is what the history store keeps,
 * what diffs compare, what reports render and what `fix` plans from. Schema: schema/run.v1.schema.json.
 */
import type { Finding } from './finding.js';
import type { Evidence, PortState } from './scan.js';
import type { ServiceInfo } from './service.js';
import type { Transport } from './socket.js';

export const RUN_SCHEMA = 'portwarden.run/1';

export type RunKind = 'audit' | 'scan' | 'import';

/** One check's result on a port, as kept in a run. */
export interface RunCheck {
  readonly check: string;
  readonly status: 'ok' | 'not-applicable' | 'error';
  readonly message?: string;
  readonly evidence: Evidence;
}

/** A process that holds a local socket (audits only). */
export interface RunProcess {
  readonly pid: number;
  readonly name: string;
  readonly user: string | null;
  readonly command: string | null;
}

export interface RunPort {
  readonly transport: Transport;
  readonly port: number;
  /** Scans: nmap's states; audits: 'open' (a listening socket). */
  readonly state: PortState;
  /** Why (syn-ack, conn-refused, …); 'listening' for an audit's socket. */
  readonly reason: string;
  /** Scans: round-trip time of the deciding answer in milliseconds, null when nothing answered. */
  readonly rttMs?: number | null;
  /** The local bind address of an audited socket ('0.0.0.0', '::1', …); null for scans. */
  readonly address: string | null;
  /** What answers there, when identified (scans with -sV/--checks, imports) or guessed from the port (audits). */
  readonly service: ServiceInfo | null;
  /** Audits: the processes holding the socket. */
  readonly processes: readonly RunProcess[];
  readonly checks: readonly RunCheck[];
}

export interface RunHost {
  /** Address scanned, or the machine's name for an audit. */
  readonly host: string;
  /** Audits: the machine's own addresses, so a policy can name the machine by address or network. */
  readonly addresses?: readonly string[];
  readonly state: 'up' | 'down' | 'unknown';
  readonly reason: string | null;
  /** Ports not closed, in (port, transport) order. Closed ports are only counted. */
  readonly ports: readonly RunPort[];
  readonly closed: number;
  /** Names of the host (imports: nmap's <hostnames>). */
  readonly hostnames?: readonly string[];
  /** Results about the host rather than one port (imports: nmap's <hostscript>). */
  readonly checks?: readonly RunCheck[];
}

export interface RunRecord {
  readonly schema: typeof RUN_SCHEMA;
  /** Unique: a UUID given when the run starts. */
  readonly id: string;
  readonly kind: RunKind;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** portwarden's version (or the importing tool's, for imports). */
  readonly tool: { readonly name: string; readonly version: string };
  /** What was asked: targets, ports, seed, timing, checks… for scans; options for audits; the file for imports. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly hosts: readonly RunHost[];
  /** Every finding, most urgent first. */
  readonly findings: readonly Finding[];
  /** Stopped before the end (Ctrl-C): what is here was found, what is missing was not looked at. */
  readonly interrupted: boolean;
}
