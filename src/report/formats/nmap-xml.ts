/**
 * nmap-compatible XML (nmap.dtd, xmloutputversion 1.05) of a scan or an imported nmap run, readable by nmap's own
 * tools (ndiff, the XSL stylesheet, zenmap) and by anything that parses nmap XML. Ports not shown are counted in
 * <extraports>; the check results and findings of a port become one `portwarden` script, so that ndiff shows a
 * change of risk too.
 */
import { isIP } from 'node:net';
import { usageError } from '../../core/errors.js';
import { t } from '../../core/i18n.js';
import type { Lang } from '../../core/lang.js';
import type { Finding } from '../../core/finding.js';
import type { RunCheck, RunHost, RunPort, RunRecord } from '../../core/run.js';
import type { Transport } from '../../core/socket.js';
import { escapeAttr, escapeText } from './escape.js';
import { findingsOf } from './common.js';

export interface NmapXmlOptions {
  readonly lang: Lang;
  /** The service a port number suggests (nmap's method="table", conf="3"), for ports nothing identified. */
  readonly portName: (port: number, transport: Transport) => string | null;
}

type Attrs = Readonly<Record<string, string | number | undefined>>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
}

/** The C library's ctime() without its newline, as nmap writes startstr and timestr: 'Sun Nov 29 21:23:20 2026'. */
export function ctime(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${days[date.getDay()] ?? ''} ${months[date.getMonth()] ?? ''} ${String(date.getDate()).padStart(2, ' ')} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`
  );
}

/** How many ports an nmap port list ('22,80,1000-2000') names. */
export function portCount(spec: string): number {
  let n = 0;
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (m === null) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi >= lo) n += hi - lo + 1;
  }
  return n;
}

/** One check's result as one line of text: nmap's own output for imported scripts, else its evidence. */
function checkLine(check: RunCheck): string {
  const output = check.evidence['output'];
  const evidence = Object.entries(check.evidence)
    .filter(([k]) => k !== 'output')
    .map(([k, v]) => `${k}=${v === null ? '-' : String(v)}`)
    .join(', ');
  const text = typeof output === 'string' ? output.trim() : evidence;
  const status =
    check.status === 'ok' ? '' : `${check.status}${check.message === undefined ? '' : `: ${check.message}`} `;
  return `${check.check}: ${status}${text}`.trim();
}

/**
 * Every result of a port (or a host) as one `portwarden` script: its output lists the check results and the
 * findings, one per line, and its tables carry them structured (a table per check, one for the findings). One
 * script, not one per check: ndiff up to nmap 7.95 fails on an element with two scripts (nmap issue #2930).
 */
function resultsScript(checks: readonly RunCheck[], findings: readonly Finding[], lang: Lang): string {
  const shown = checks.filter((c) => c.status !== 'not-applicable');
  if (shown.length === 0 && findings.length === 0) return '';
  const lines = [
    ...findings.map((f) => `${t(lang, `severity.${f.severity}`)}: ${f.title[lang]} (${t(lang, `action.${f.action}`)})`),
    ...shown.map(checkLine),
  ];
  const elem = (key: string, value: string): string => `<elem${attrs({ key })}>${escapeText(value)}</elem>`;
  const tables = shown.map(
    (c) =>
      `<table${attrs({ key: c.check })}>${elem('status', c.status)}${Object.entries(c.evidence)
        .map(([k, v]) => elem(k, v === null ? '' : String(v)))
        .join('')}</table>`,
  );
  if (findings.length > 0) {
    tables.unshift(
      `<table key="findings">${findings.map((f) => `<table${attrs({ key: f.rule })}>${elem('severity', f.severity)}${elem('action', f.action)}${elem('title', f.title[lang])}</table>`).join('')}</table>`,
    );
  }
  return `<script${attrs({ id: 'portwarden', output: lines.join('\n') })}>${tables.join('')}</script>`;
}

function portXml(run: RunRecord, host: RunHost, port: RunPort, o: NmapXmlOptions): string {
  const s = port.service;
  const name = s?.service ?? o.portName(port.port, port.transport);
  const service =
    name === null
      ? ''
      : s === null
        ? `<service${attrs({ name, method: 'table', conf: 3 })}/>`
        : `<service${attrs({
            name: s.service,
            product: s.product,
            version: s.version,
            extrainfo: s.extraInfo,
            tunnel: s.tls ? 'ssl' : undefined,
            method: s.method === 'port' ? 'table' : 'probed',
            conf: Math.max(0, Math.min(10, Math.round(s.confidence))),
          })}>${(s.cpe ?? []).map((c) => `<cpe>${escapeText(c)}</cpe>`).join('')}</service>`;
  const script = resultsScript(port.checks, findingsOf(run, host, port), o.lang);
  return (
    `<port${attrs({ protocol: port.transport, portid: port.port })}>` +
    `<state${attrs({ state: port.state, reason: port.reason, reason_ttl: 0 })}/>` +
    service +
    script +
    '</port>'
  );
}

function hostXml(run: RunRecord, host: RunHost, o: NmapXmlOptions): string {
  const family = isIP(host.host);
  const lines = [
    `<host><status${attrs({ state: host.state, reason: host.reason ?? 'unknown', reason_ttl: 0 })}/>`,
    `<address${attrs({ addr: host.host, addrtype: family === 6 ? 'ipv6' : 'ipv4' })}/>`,
    (host.hostnames ?? []).length === 0
      ? '<hostnames/>'
      : `<hostnames>${(host.hostnames ?? []).map((n) => `<hostname${attrs({ name: n, type: 'user' })}/>`).join('')}</hostnames>`,
  ];
  if (host.state !== 'down') {
    lines.push('<ports>');
    if (host.closed > 0) lines.push(`<extraports${attrs({ state: 'closed', count: host.closed })}/>`);
    for (const port of host.ports) lines.push(portXml(run, host, port, o));
    lines.push('</ports>');
  }
  const hostFindings = run.findings.filter((f) => f.target.host === host.host && f.target.port === 0);
  const hostScript = resultsScript(host.checks ?? [], hostFindings, o.lang);
  if (hostScript !== '') lines.push(`<hostscript>${hostScript}</hostscript>`);
  lines.push('</host>');
  return lines.join('\n');
}

/**
 * The run as nmap XML. Audits are refused: nmap XML describes what a scan saw from the network, and a host there
 * is an IP address.
 * @example renderNmapXml(run, { lang: 'en', portName: () => null }).includes('<nmaprun')
 */
export function renderNmapXml(run: RunRecord, o: NmapXmlOptions): string {
  if (run.kind === 'audit' || run.hosts.some((h) => isIP(h.host) === 0)) {
    throw usageError('USAGE', 'error.xmlNeedsScan');
  }
  const started = new Date(run.startedAt);
  const finished = new Date(run.finishedAt);
  const p = run.parameters;
  const command = typeof p['command'] === 'string' ? p['command'] : `${run.tool.name} ${run.kind}`;
  const elapsed = Math.max(0, (finished.getTime() - started.getTime()) / 1000).toFixed(2);
  const up = run.hosts.filter((h) => h.state === 'up').length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<!-- ${escapeText(`${run.tool.name} ${run.tool.version} ${run.kind} ${run.id} started ${ctime(started)}`).replace(/--/g, '- -')} -->`,
    `<nmaprun${attrs({
      scanner: 'nmap',
      args: command,
      start: Math.floor(started.getTime() / 1000),
      startstr: ctime(started),
      version: run.tool.version,
      xmloutputversion: '1.05',
    })}>`,
  ];
  for (const [key, protocol, type] of [
    ['tcpPorts', 'tcp', 'connect'],
    ['udpPorts', 'udp', 'udp'],
  ] as const) {
    const services = p[key];
    if (typeof services === 'string' && services !== '') {
      out.push(`<scaninfo${attrs({ type, protocol, numservices: portCount(services), services })}/>`);
    }
  }
  out.push('<verbose level="0"/>', '<debugging level="0"/>');
  for (const host of run.hosts) out.push(hostXml(run, host, o));
  const summary = `${run.tool.name} done at ${ctime(finished)}; ${run.hosts.length} IP address(es) (${up} host(s) up) scanned in ${elapsed} seconds`;
  out.push(
    `<runstats><finished${attrs({
      time: Math.floor(finished.getTime() / 1000),
      timestr: ctime(finished),
      summary,
      elapsed,
      exit: run.interrupted ? 'error' : 'success',
      errormsg: run.interrupted ? 'interrupted' : undefined,
    })}/><hosts${attrs({ up, down: run.hosts.length - up, total: run.hosts.length })}/>`,
    '</runstats>',
    '</nmaprun>',
  );
  return out.join('\n') + '\n';
}
