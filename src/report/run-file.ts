/**
 * Run records from files: a run record (`portwarden.run/1`), the JSON of `portwarden audit --json`
 * (`portwarden.audit/1`) or the JSON Lines of `portwarden scan --json` (`portwarden.scan/1`), so `diff` and
 * `init-policy --from` work on what the commands already print. Pure: text in, run record or usage error out.
 */
import { usageError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { RUN_SCHEMA, type RunRecord } from '../core/run.js';
import type { ScanEvent } from '../core/scan.js';
import type { AuditReport } from '../assess/report.js';
import { InspectCollector } from './inspect-collect.js';
import { runFromAudit, runFromScan } from './run-record.js';
import { mergeResults, ScanCollector } from './scan-collect.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enough of a run record's shape that a diff or a baseline cannot trip over it. */
function checkRun(v: Json, source: string): RunRecord {
  const bad = (): Error => usageError('USAGE', 'run.error.shape', { source });
  if (typeof v['id'] !== 'string' || !['audit', 'scan', 'import'].includes(String(v['kind']))) throw bad();
  if (!Array.isArray(v['hosts']) || !Array.isArray(v['findings'])) throw bad();
  for (const h of v['hosts'] as unknown[]) {
    if (!isObject(h) || typeof h['host'] !== 'string' || !Array.isArray(h['ports'])) throw bad();
    for (const p of h['ports'] as unknown[]) {
      if (!isObject(p) || typeof p['port'] !== 'number' || typeof p['transport'] !== 'string') throw bad();
      if (typeof p['state'] !== 'string' || !Array.isArray(p['processes'])) throw bad();
    }
  }
  for (const f of v['findings'] as unknown[]) {
    if (!isObject(f) || typeof f['id'] !== 'string' || typeof f['severity'] !== 'string' || !isObject(f['target'])) {
      throw bad();
    }
  }
  return v as unknown as RunRecord;
}

/** A scan's JSON Lines folded back into the run record the scan would have made. */
function runFromScanLines(lines: readonly Json[], source: string, when: Date): RunRecord {
  const start = lines[0] ?? {};
  const tcp = new ScanCollector();
  const inspected = new InspectCollector();
  const findings: Finding[] = [];
  let interrupted = true; // without an `end` line the scan did not finish.
  for (const line of lines) {
    const type = line['type'];
    if (type === 'host' || type === 'port') tcp.add(line as unknown as ScanEvent);
    else if (type === 'service' || type === 'check') inspected.add(line as unknown as ScanEvent);
    else if (type === 'finding') {
      const finding: Record<string, unknown> = { ...line };
      delete finding['type'];
      findings.push(finding as unknown as Finding);
    } else if (type === 'end') interrupted = line['interrupted'] === true;
  }
  if (lines.some((l) => typeof l['type'] !== 'string')) throw usageError('USAGE', 'run.error.shape', { source });
  return runFromScan({
    startedAt: when,
    finishedAt: when,
    parameters: {
      targets: start['targets'] ?? [],
      excludes: start['excludes'] ?? [],
      tcp: start['tcp'],
      udp: start['udp'],
    },
    hosts: mergeResults(tcp.results()),
    inspected,
    findings,
    interrupted,
  });
}

/**
 * Parse a file's text into a run record. `when` dates a scan's JSON Lines, which carry no time of their own.
 * @example parseRunText(readFileSync('monday.json', 'utf8'), 'monday.json', new Date())
 */
export function parseRunText(text: string, source: string, when: Date): RunRecord {
  const trimmed = text.trim();
  if (trimmed === '') throw usageError('USAGE', 'run.error.empty', { source });
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    // Not one JSON value: perhaps JSON Lines.
    let lines: Json[];
    try {
      lines = trimmed.split(/\r?\n/).map((l) => JSON.parse(l) as Json);
    } catch {
      throw usageError('USAGE', 'run.error.notJson', { source });
    }
    if (!lines.every(isObject) || lines[0]?.['schema'] !== 'portwarden.scan/1') {
      throw usageError('USAGE', 'run.error.schema', { source });
    }
    return runFromScanLines(lines, source, when);
  }
  if (!isObject(whole)) throw usageError('USAGE', 'run.error.schema', { source });
  if (whole['schema'] === RUN_SCHEMA) return checkRun(whole, source);
  if (whole['schema'] === 'portwarden.audit/1') {
    const report = whole as unknown as AuditReport;
    const shaped =
      Array.isArray(report.items) &&
      isObject(report.host) &&
      Array.isArray(report.host.addresses) &&
      isObject(report.inventory) &&
      isObject(report.firewall);
    if (!shaped) throw usageError('USAGE', 'run.error.shape', { source });
    return runFromAudit(report, { source });
  }
  if (whole['schema'] === 'portwarden.scan/1') return runFromScanLines([whole], source, when);
  throw usageError('USAGE', 'run.error.schema', { source });
}
