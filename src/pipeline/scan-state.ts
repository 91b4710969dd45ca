/** The state file of a resumable scan (`--resume FILE`): what was asked, how far it got, what it found. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { usageError } from '../core/errors.js';
import type { HostResult } from '../report/scan-collect.js';

export const SCAN_STATE_SCHEMA = 'portwarden.scan-state/1';

/** What defines a scan; a resumed scan must be the same scan. */
export interface ScanRequest {
  readonly targets: readonly string[];
  readonly excludes: readonly string[];
  readonly allAddresses: boolean;
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
  readonly seed: string;
}

export interface ScanState {
  readonly schema: typeof SCAN_STATE_SCHEMA;
  readonly request: ScanRequest;
  /** Every TCP probe index below this is finished… */
  readonly tcpDone: number;
  /** …and so are these above it. */
  readonly tcpDoneAbove: readonly number[];
  /** The UDP part finished (it restarts from the beginning otherwise). */
  readonly udpDone: boolean;
  readonly complete: boolean;
  /** What TCP found so far: per host, its state, counts and the ports that are not closed. */
  readonly tcp: readonly HostResult[];
  /** What UDP found, once the UDP part finished (empty before). */
  readonly udp: readonly HostResult[];
  /** Port results so far. */
  readonly probes: number;
}

/** Whether two requests describe the same scan. */
export function sameRequest(a: ScanRequest, b: ScanRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Read a state file; null when it does not exist. A file that is not one is a usage error. */
export function readScanState(path: string): ScanState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw usageError('USAGE', 'scan.resume.unreadable', { file: path });
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw usageError('USAGE', 'scan.resume.invalid', { file: path });
  }
  const s = state as Partial<ScanState> | null;
  if (
    s === null ||
    typeof s !== 'object' ||
    s.schema !== SCAN_STATE_SCHEMA ||
    typeof s.tcpDone !== 'number' ||
    !Array.isArray(s.tcp) ||
    !Array.isArray(s.udp) ||
    !Array.isArray(s.tcpDoneAbove) ||
    typeof s.request !== 'object'
  ) {
    throw usageError('USAGE', 'scan.resume.invalid', { file: path });
  }
  return s as ScanState;
}

/** Write the state atomically: a crash leaves the previous state, never half a file. */
export function writeScanState(path: string, state: ScanState): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state) + '\n');
  renameSync(tmp, path);
}
