/**
 * An nmap run as a portwarden run: hosts, ports and services as nmap saw them, NSE script output as check results,
 * and portwarden's own judgement of every open port (the knowledge base's risk for the reach, and its advice), plus
 * a finding for each script that reports a vulnerability.
 */
import { randomUUID } from 'node:crypto';
import type { Finding, Severity } from '../core/finding.js';
import { texts } from '../core/i18n.js';
import { RUN_SCHEMA, type RunCheck, type RunHost, type RunPort, type RunRecord } from '../core/run.js';
import type { PortState } from '../core/scan.js';
import type { ServiceInfo } from '../core/service.js';
import type { Transport } from '../core/socket.js';
import { assessOpenPort, reachOf } from '../assess/scan-port.js';
import type { Reach } from '../assess/exposure.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { sortFindings } from '../report/run-record.js';
import type { NmapHost, NmapPort, NmapRun, NmapScript, NmapService } from './nmap-xml.js';

export interface NmapImportOptions {
  readonly index: KnowledgeIndex;
  /** The file read, kept in the run's parameters. */
  readonly file: string;
  /** Where the scanned hosts stand (default: from each address). */
  readonly reach?: Reach;
  /** When the import happened: the run's time when nmap's file has none. */
  readonly now?: Date;
}

const STATES: Readonly<Record<string, PortState>> = {
  open: 'open',
  closed: 'closed',
  filtered: 'filtered',
  'open|filtered': 'open|filtered',
  // nmap's ACK and idle scans: reachable but not known open or closed; kept as filtered, nmap's word in the reason.
  unfiltered: 'filtered',
  'closed|filtered': 'filtered',
};

function serviceInfo(s: NmapService | null): ServiceInfo | null {
  if (s === null) return null;
  return {
    service: s.name,
    tls: s.tunnel === 'ssl',
    method: s.method === 'probed' ? 'probe' : 'port',
    confidence: s.conf,
    ...(s.product !== undefined && { product: s.product }),
    ...(s.version !== undefined && { version: s.version }),
    ...(s.extrainfo !== undefined && { extraInfo: s.extrainfo }),
    ...(s.cpe.length > 0 && { cpe: s.cpe }),
  };
}

/** A script's result as a check result: its text output and its structured output, flattened. */
function check(s: NmapScript): RunCheck {
  return { check: s.id, status: 'ok', evidence: { ...s.elems, output: s.output } };
}

/**
 * Findings from scripts that say so: nmap's vulns library marks a confirmed weakness `state: VULNERABLE`
 * (`LIKELY VULNERABLE` when it is probable), and ftp-anon reports an anonymous login.
 */
function scriptFindings(host: string, transport: Transport, port: number, s: NmapScript): Finding[] {
  const target = { host, transport, port, address: null };
  const out: Finding[] = [];
  for (const [key, value] of Object.entries(s.elems)) {
    if (!/(^|\.)state$/i.test(key) || !/^(likely )?vulnerable/i.test(value.trim())) continue;
    const base = key.slice(0, -'state'.length);
    const title = s.elems[`${base}title`] ?? s.id;
    const severity: Severity = /^likely/i.test(value.trim()) ? 'medium' : 'high';
    out.push({
      id: `nmap:${s.id}:${host}:${transport}/${port}:${base}`,
      rule: `nmap:${s.id}`,
      severity,
      target,
      title: texts('import.vulnerable.title', { script: s.id, title }),
      detail: texts('import.script.detail', { script: s.id, output: s.output.trim() }),
      action: 'harden',
      evidence: {
        script: s.id,
        state: value.trim(),
        ...(s.elems[`${base}ids.1`] !== undefined && { ids: s.elems[`${base}ids.1`] ?? null }),
      },
    });
  }
  if (s.id === 'ftp-anon' && /anonymous ftp login allowed/i.test(s.output)) {
    out.push({
      id: `nmap:ftp-anon:${host}:${transport}/${port}`,
      rule: 'nmap:ftp-anon',
      severity: 'medium',
      target,
      title: texts('import.ftpAnon.title', { port: `${port}/${transport}` }),
      detail: texts('import.script.detail', { script: s.id, output: s.output.trim() }),
      action: 'harden',
      evidence: { script: s.id },
    });
  }
  return out;
}

function importPort(p: NmapPort, state: PortState): RunPort {
  return {
    transport: p.protocol as Transport,
    port: p.portid,
    state,
    reason: state === p.state ? p.reason : `${p.reason} (${p.state})`,
    address: null,
    service: serviceInfo(p.service),
    processes: [],
    checks: p.scripts.map(check),
  };
}

function importHost(h: NmapHost, o: NmapImportOptions, findings: Finding[]): RunHost {
  const ports: RunPort[] = [];
  let closed = h.extraports.filter((x) => x.state === 'closed').reduce((n, x) => n + x.count, 0);
  for (const p of h.ports) {
    // nmap's IP protocol scan (-sO) lists protocols, not ports.
    if (p.protocol !== 'tcp' && p.protocol !== 'udp' && p.protocol !== 'sctp') continue;
    const state = STATES[p.state];
    if (state === undefined) continue;
    if (state === 'closed') {
      closed++;
      continue;
    }
    const port = importPort(p, state);
    ports.push(port);
    if (state === 'open') {
      const exposure = assessOpenPort(
        o.index,
        {
          type: 'port',
          host: h.address,
          transport: port.transport,
          port: port.port,
          state,
          reason: 'syn-ack',
          rttMs: null,
        },
        port.service,
        o.reach,
      );
      // The evidence names nmap's reason for the state, not ours.
      findings.push({ ...exposure, evidence: { ...exposure.evidence, reason: p.reason } });
      for (const s of p.scripts) findings.push(...scriptFindings(h.address, port.transport, port.port, s));
    }
  }
  ports.sort((a, b) => a.port - b.port || a.transport.localeCompare(b.transport));
  // Host scripts (smb-vuln-*, …) are about the host: their findings are on port 0.
  for (const s of h.scripts) findings.push(...scriptFindings(h.address, 'tcp', 0, s));
  const state = h.state === 'up' || h.state === 'down' ? h.state : 'unknown';
  return {
    host: h.address,
    state,
    reason: h.reason,
    ports,
    closed,
    ...(h.hostnames.length > 0 && { hostnames: h.hostnames }),
    ...(h.scripts.length > 0 && { checks: h.scripts.map(check) }),
  };
}

/** nmap's port lists from <scaninfo>, per protocol, as the run's tcpPorts / udpPorts parameters. */
function portLists(nmap: NmapRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of nmap.scaninfo) {
    const key = s.protocol === 'tcp' ? 'tcpPorts' : s.protocol === 'udp' ? 'udpPorts' : null;
    if (key !== null) out[key] = out[key] === undefined ? s.services : `${out[key]},${s.services}`;
  }
  return out;
}

/**
 * The run record of an imported nmap scan, assessed with the knowledge base.
 * @example runFromNmap(parseNmapXml(text), { index, file: 'scan.xml' }).findings
 */
export function runFromNmap(nmap: NmapRun, o: NmapImportOptions): RunRecord {
  const findings: Finding[] = [];
  const hosts = nmap.hosts.map((h) => importHost(h, o, findings));
  const now = o.now ?? new Date();
  const start = nmap.start === null ? now : new Date(nmap.start * 1000);
  const finished = nmap.finished === null ? start : new Date(nmap.finished * 1000);
  return {
    schema: RUN_SCHEMA,
    id: randomUUID(),
    kind: 'import',
    startedAt: start.toISOString(),
    finishedAt: finished.toISOString(),
    tool: { name: nmap.scanner, version: nmap.version },
    parameters: {
      file: o.file,
      command: nmap.args,
      scanTypes: nmap.scaninfo.map((s) => `${s.type}/${s.protocol}`).join(', '),
      ...portLists(nmap),
      ...(o.reach !== undefined && { reach: o.reach }),
      reachByHost: [...new Set(hosts.map((h) => reachOf(h.host, o.reach)))].join(', '),
      importedAt: now.toISOString(),
    },
    hosts,
    findings: sortFindings(findings),
    interrupted: nmap.exit !== 'success',
  };
}
