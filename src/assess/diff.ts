/**
 * What changed between two runs, like nmap's ndiff: hosts that appeared, disappeared or changed state; ports opened,
 * closed or changed state; services, products, versions and holding processes that changed; findings new, resolved
 * or of another severity (matched by finding id). Pure: two run records in, one diff out (schema portwarden.diff/1).
 */
import type { Finding, Severity } from '../core/finding.js';
import type { RunHost, RunKind, RunPort, RunRecord } from '../core/run.js';
import type { PortState } from '../core/scan.js';
import type { Transport } from '../core/socket.js';

export const DIFF_SCHEMA = 'portwarden.diff/1';

export interface RunRef {
  readonly id: string;
  readonly kind: RunKind;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly interrupted: boolean;
}

export interface PortRef {
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  /** Bind address (audits); null for scans. */
  readonly address: string | null;
}

/** Service as a diff shows it: name, product, version; null fields were not told. */
export interface ServiceSummary {
  readonly service: string;
  readonly product: string | null;
  readonly version: string | null;
}

export interface PortSeen extends PortRef {
  readonly state: PortState;
  readonly service: ServiceSummary | null;
}

export interface PortStateChange extends PortRef {
  readonly from: PortState;
  readonly to: PortState;
  readonly reason: string;
}

export interface ServiceChange extends PortRef {
  readonly from: ServiceSummary | null;
  readonly to: ServiceSummary | null;
  /** Audits: names of the processes holding the socket, before and after (equal when only the service changed). */
  readonly processes: { readonly from: readonly string[]; readonly to: readonly string[] };
}

export interface HostStateChange {
  readonly host: string;
  readonly from: RunHost['state'];
  readonly to: RunHost['state'];
}

export interface SeverityChange {
  readonly id: string;
  readonly from: Severity;
  readonly to: Severity;
  readonly finding: Finding;
}

/** Why two runs may not compare like with like; the diff is still made. */
export type DiffWarning = 'kind-differs' | 'parameters-differ' | 'a-interrupted' | 'b-interrupted';

export interface RunDiff {
  readonly schema: typeof DIFF_SCHEMA;
  readonly a: RunRef;
  readonly b: RunRef;
  readonly warnings: readonly DiffWarning[];
  readonly hosts: {
    readonly appeared: readonly string[];
    readonly disappeared: readonly string[];
    readonly changed: readonly HostStateChange[];
  };
  readonly ports: {
    readonly opened: readonly PortSeen[];
    readonly closed: readonly PortSeen[];
    readonly changed: readonly PortStateChange[];
  };
  readonly services: { readonly changed: readonly ServiceChange[] };
  readonly findings: {
    readonly new: readonly Finding[];
    readonly resolved: readonly Finding[];
    readonly changed: readonly SeverityChange[];
    /** Findings of A on hosts B did not look at (absent or down in B): neither resolved nor still there. */
    readonly unverified: readonly Finding[];
  };
  /** True when nothing changed. */
  readonly same: boolean;
}

const refOf = (r: RunRecord): RunRef => ({
  id: r.id,
  kind: r.kind,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  interrupted: r.interrupted,
});

const portKey = (p: RunPort): string => `${p.transport}/${p.port}@${p.address ?? ''}`;

function summary(p: RunPort): ServiceSummary | null {
  if (p.service === null) return null;
  return { service: p.service.service, product: p.service.product ?? null, version: p.service.version ?? null };
}

function sameService(a: ServiceSummary, b: ServiceSummary): boolean {
  return a.service === b.service && a.product === b.product && a.version === b.version;
}

const names = (p: RunPort): string[] => [...new Set(p.processes.map((x) => x.name))].sort();

/** The parameters two runs were asked with, minus what differs between runs of the same question. */
function question(r: RunRecord): string {
  const rest: Record<string, unknown> = { ...r.parameters };
  delete rest['seed'];
  delete rest['resume'];
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** A host's ports were looked at in a run: it is there and was up. */
const lookedAt = (h: RunHost | undefined): h is RunHost => h !== undefined && h.state === 'up';

/**
 * Compare run A (before) with run B (after).
 * @example diffRuns(monday, tuesday).ports.opened // ports open on Tuesday that were not on Monday
 */
export function diffRuns(a: RunRecord, b: RunRecord): RunDiff {
  const warnings: DiffWarning[] = [];
  if (a.kind !== b.kind) warnings.push('kind-differs');
  else if (question(a) !== question(b)) warnings.push('parameters-differ');
  if (a.interrupted) warnings.push('a-interrupted');
  if (b.interrupted) warnings.push('b-interrupted');

  const hostsA = new Map(a.hosts.map((h) => [h.host, h]));
  const hostsB = new Map(b.hosts.map((h) => [h.host, h]));
  const appeared = b.hosts.filter((h) => !hostsA.has(h.host)).map((h) => h.host);
  const disappeared = a.hosts.filter((h) => !hostsB.has(h.host)).map((h) => h.host);
  const hostChanges: HostStateChange[] = [];
  const opened: PortSeen[] = [];
  const closed: PortSeen[] = [];
  const stateChanges: PortStateChange[] = [];
  const serviceChanges: ServiceChange[] = [];

  for (const hb of b.hosts) {
    const ha = hostsA.get(hb.host);
    if (ha !== undefined && ha.state !== hb.state) hostChanges.push({ host: hb.host, from: ha.state, to: hb.state });
    // A host B did not reach says nothing about its ports; one A did not reach has no ports to compare with.
    if (!lookedAt(hb)) continue;
    const before = new Map((lookedAt(ha) ? ha.ports : []).map((p) => [portKey(p), p]));
    const after = new Map(hb.ports.map((p) => [portKey(p), p]));
    const ref = (p: RunPort): PortRef => ({ host: hb.host, transport: p.transport, port: p.port, address: p.address });
    const seen = (p: RunPort): PortSeen => ({ ...ref(p), state: p.state, service: summary(p) });
    for (const [key, pb] of after) {
      const pa = before.get(key);
      if (pa === undefined) {
        if (pb.state === 'open') opened.push(seen(pb));
        else if (lookedAt(ha)) stateChanges.push({ ...ref(pb), from: 'closed', to: pb.state, reason: pb.reason });
        continue;
      }
      if (pa.state !== pb.state) stateChanges.push({ ...ref(pb), from: pa.state, to: pb.state, reason: pb.reason });
      const sa = summary(pa);
      const sb = summary(pb);
      // Only what both runs identified can have changed; a run without -sV knows nothing of versions.
      const serviceChanged = sa !== null && sb !== null && !sameService(sa, sb);
      const na = names(pa);
      const nb = names(pb);
      const holderChanged = na.length > 0 && nb.length > 0 && na.join('\0') !== nb.join('\0');
      if (serviceChanged || holderChanged) {
        serviceChanges.push({ ...ref(pb), from: sa, to: sb, processes: { from: na, to: nb } });
      }
    }
    for (const [key, pa] of before) {
      if (after.has(key)) continue;
      if (pa.state === 'open') closed.push(seen(pa));
      else stateChanges.push({ ...ref(pa), from: pa.state, to: 'closed', reason: '' });
    }
  }

  const findingsA = new Map(a.findings.map((f) => [f.id, f]));
  const findingsB = new Map(b.findings.map((f) => [f.id, f]));
  const fresh = b.findings.filter((f) => !findingsA.has(f.id));
  const changed: SeverityChange[] = [];
  for (const fb of b.findings) {
    const fa = findingsA.get(fb.id);
    if (fa !== undefined && fa.severity !== fb.severity) {
      changed.push({ id: fb.id, from: fa.severity, to: fb.severity, finding: fb });
    }
  }
  const gone = a.findings.filter((f) => !findingsB.has(f.id));
  const resolved = gone.filter((f) => lookedAt(hostsB.get(f.target.host)));
  const unverified = gone.filter((f) => !lookedAt(hostsB.get(f.target.host)));

  const same =
    appeared.length +
      disappeared.length +
      hostChanges.length +
      opened.length +
      closed.length +
      stateChanges.length +
      serviceChanges.length +
      fresh.length +
      resolved.length +
      changed.length +
      unverified.length ===
    0;
  return {
    schema: DIFF_SCHEMA,
    a: refOf(a),
    b: refOf(b),
    warnings,
    hosts: { appeared, disappeared, changed: hostChanges },
    ports: { opened, closed, changed: stateChanges },
    services: { changed: serviceChanges },
    findings: { new: fresh, resolved, changed, unverified },
    same,
  };
}
