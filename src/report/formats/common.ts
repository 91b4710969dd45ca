/** What the run renderers share: per-port findings, the worst severity, and the service line of a port. */
import { severityRank, type Finding, type Severity } from '../../core/finding.js';
import type { RunHost, RunPort, RunRecord } from '../../core/run.js';
import type { ServiceInfo } from '../../core/service.js';
import type { KnowledgeIndex } from '../../knowledge/load.js';
import type { Advice } from '../../knowledge/types.js';

/** The findings of one port of one host, most urgent first (the run keeps them in that order). */
export function findingsOf(run: RunRecord, host: RunHost, port: RunPort): Finding[] {
  return run.findings.filter(
    (f) => f.target.host === host.host && f.target.port === port.port && f.target.transport === port.transport,
  );
}

/** The most urgent severity among findings, or null when there is none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

/** "product version (extra)", or '' when nothing beyond the name is known. */
export function versionLine(s: ServiceInfo | null): string {
  if (s === null) return '';
  const main = [s.product, s.version].filter((x) => x !== undefined && x !== '').join(' ');
  return s.extraInfo === undefined || s.extraInfo === '' ? main : `${main} (${s.extraInfo})`.trim();
}

/** The service name as nmap prints it: 'ssl/http' for a service inside TLS. */
export function serviceLabel(s: ServiceInfo | null): string {
  if (s === null) return '';
  return `${s.tls ? 'ssl/' : ''}${s.service}`;
}

/** How many findings of each severity (every severity present, zero or not). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** A parameter value as one line of text (arrays joined, objects as JSON). */
export function parameterText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(parameterText).join(', ');
  return JSON.stringify(value);
}

/** Every port of every host with its findings, in the run's order. */
export function* portsWithFindings(run: RunRecord): Generator<{ host: RunHost; port: RunPort; findings: Finding[] }> {
  for (const host of run.hosts)
    for (const port of host.ports) yield { host, port, findings: findingsOf(run, host, port) };
}

/**
 * The knowledge base's advice for a port: the entry of the identified service when it is known to run elsewhere,
 * else the entry of the port number (the same choice the exposure finding made).
 */
export function adviceFor(index: KnowledgeIndex, port: Pick<RunPort, 'port' | 'transport' | 'service'>): Advice | null {
  const byName = port.service !== null && port.service.confidence > 3 ? index.byName(port.service.service) : undefined;
  if (byName?.transports.includes(port.transport) === true) return byName.advice;
  const byPort = index.byPort(port.port);
  return byPort?.transports.includes(port.transport) === true ? byPort.advice : null;
}
