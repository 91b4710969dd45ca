import { describe, expect, it } from 'vitest';
import type { ScanEvent } from '../core/scan.js';
import { t } from '../core/i18n.js';
import { KnowledgeIndex } from '../knowledge/load.js';
import { finding } from '../../test/support/runs.js';
import { InspectCollector } from './inspect-collect.js';
import { runFromScan, sortFindings } from './run-record.js';
import { renderRunText } from './run-text.js';
import { ScanCollector } from './scan-collect.js';
import { renderHost } from './scan-text.js';
import { makeColors } from './terminal.js';
import type { RunRecord } from '../core/run.js';

const index = new KnowledgeIndex();
const plain = { colors: makeColors(false) };

/** A scan with identification, two check results (one an error) and findings, as the pipeline hands it over. */
function inspectedScan(interrupted = false): { run: RunRecord; scanText: (lang: 'en' | 'zh') => string } {
  const collect = new ScanCollector();
  const inspected = new InspectCollector();
  const host = '203.0.113.21';
  const events: ScanEvent[] = [
    { type: 'port', host, transport: 'tcp', port: 21, state: 'open', reason: 'syn-ack', rttMs: 0.31 },
    { type: 'port', host, transport: 'tcp', port: 22, state: 'closed', reason: 'conn-refused', rttMs: 0.2 },
    { type: 'port', host, transport: 'tcp', port: 80, state: 'filtered', reason: 'timeout', rttMs: null },
    { type: 'port', host, transport: 'tcp', port: 6379, state: 'open', reason: 'syn-ack', rttMs: 12.5 },
  ];
  for (const e of events) collect.add(e);
  const ftp = { host, transport: 'tcp' as const, port: 21 };
  inspected.add({
    type: 'service',
    ...ftp,
    service: { service: 'ftp', product: 'vsftpd', version: '3.0.3', tls: false, method: 'probe', confidence: 10 },
  });
  const anon = finding(host, 21, 'high', 'ftp-anon');
  inspected.add({
    type: 'check',
    ...ftp,
    check: 'ftp-anon',
    status: 'ok',
    evidence: {},
    findings: [anon],
    durationMs: 3,
  });
  inspected.add({
    type: 'check',
    host,
    transport: 'tcp',
    port: 6379,
    check: 'redis-noauth',
    status: 'error',
    message: 'timed out',
    evidence: {},
    findings: [],
    durationMs: 5000,
  });
  const results = collect.results();
  const exposure = [finding(host, 21, 'medium'), finding(host, 6379, 'high')];
  const run = runFromScan({
    startedAt: new Date('2026-05-01T08:00:00Z'),
    finishedAt: new Date('2026-05-01T08:00:07Z'),
    parameters: { targets: [host], tcp: 4, udp: 0, hosts: '1', seed: 'k', inspect: true, seconds: 6.96 },
    hosts: results,
    inspected,
    findings: [...exposure, anon],
    interrupted,
  });
  // What `portwarden scan` itself printed for these results.
  const scanText = (lang: 'en' | 'zh'): string => {
    const o = { lang, ...plain };
    const blocks = results.map(
      (h) => renderHost(h, index, o, inspected, sortFindings([...exposure, anon])).join('\n') + '\n\n',
    );
    return (
      t(lang, 'scan.title', { hosts: '1', tcp: 4, udp: 0, seed: 'k' }) +
      '\n\n' +
      blocks.join('') +
      t(lang, 'scan.done', { hosts: 1, up: 1, probes: 4, seconds: '7.0' }) +
      '\n' +
      (interrupted ? t(lang, 'scan.interrupted') + '\n' : '')
    );
  };
  return { run, scanText };
}

describe('renderRunText', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`draws a saved scan (${lang}) exactly as the scan printed it: versions, RTTs, check errors, findings`, () => {
      for (const interrupted of [false, true]) {
        const { run, scanText } = inspectedScan(interrupted);
        const saved = JSON.parse(JSON.stringify(run)) as RunRecord;
        const [head, blank, ...body] = renderRunText(saved, index, { lang, ...plain }).split('\n');
        expect(head).toBe(
          t(lang, 'run.header', {
            id: run.id,
            kind: t(lang, 'run.kind.scan'),
            when: '2026-05-01 08:00:00Z',
            tool: `portwarden ${run.tool.version}`,
          }),
        );
        expect(blank).toBe('');
        expect(body.join('\n')).toBe(scanText(lang));
      }
    });
  }

  it('shows the version column, the check that failed and the findings', () => {
    const out = renderRunText(inspectedScan().run, index, { lang: 'en', ...plain });
    expect(out).toMatch(/21\/tcp\s+open\s+ftp\s+syn-ack\s+0\.31 ms\s+vsftpd 3\.0\.3/);
    expect(out).toMatch(/6379\/tcp\s+open\s+redis\s+syn-ack\s+13 ms/);
    expect(out).toContain('redis-noauth 6379/tcp (timed out)');
    expect(out).toMatch(/\[high\] 21\/tcp ftp-anon/);
    expect(out).toContain('Done: 1 host(s) (1 up), 4 probe(s) in 7.0 s.');
  });

  it('names the file and command of an imported nmap scan', () => {
    const { run } = inspectedScan();
    const imported: RunRecord = {
      ...run,
      kind: 'import',
      tool: { name: 'nmap', version: '7.93' },
      parameters: { file: 'lab.xml', command: 'nmap -sV 203.0.113.21' },
    };
    const out = renderRunText(imported, index, { lang: 'zh', ...plain });
    expect(out).toContain('导入自 lab.xml：nmap -sV 203.0.113.21');
    expect(out).toContain('· 导入 ·');
  });

  it('draws an audit: sockets most urgent first, the findings that need action, the summary', () => {
    const base = inspectedScan().run;
    const audit: RunRecord = {
      ...base,
      kind: 'audit',
      parameters: { platform: 'linux', inventory: 'linux-procfs' },
      hosts: [
        {
          host: 'vm',
          state: 'up',
          reason: null,
          closed: 0,
          ports: [
            {
              transport: 'tcp',
              port: 22,
              state: 'open',
              reason: 'listening',
              address: '127.0.0.1',
              service: { service: 'ssh', tls: false, method: 'port', confidence: 3 },
              processes: [{ pid: 10, name: 'sshd', user: 'root', command: '/usr/sbin/sshd' }],
              checks: [],
            },
            {
              transport: 'tcp',
              port: 6379,
              state: 'open',
              reason: 'listening',
              address: '::',
              service: { service: 'redis', tls: false, method: 'port', confidence: 3 },
              processes: [
                { pid: 20, name: 'redis-server', user: 'redis', command: null },
                { pid: 21, name: 'redis-server', user: 'redis', command: null },
              ],
              checks: [],
            },
          ],
        },
      ],
      findings: [
        { ...finding('vm', 6379, 'critical'), target: { host: 'vm', transport: 'tcp', port: 6379, address: '::' } },
        { ...finding('vm', 22, 'info'), target: { host: 'vm', transport: 'tcp', port: 22, address: '127.0.0.1' } },
      ],
    };
    const out = renderRunText(audit, index, { lang: 'en', ...plain });
    const rows = out.split('\n').filter((l) => /^\s+tcp\s/.test(l));
    expect(rows[0]).toMatch(/tcp\s+\[::\]:6379\s+redis\s+redis-server \(20 \+1\)\s+redis\s+critical\s+restrict/);
    expect(rows[1]).toMatch(/tcp\s+127\.0\.0\.1:22\s+ssh\s+sshd \(10\)\s+root\s+info\s+keep, patched/);
    expect(out).toMatch(/\[critical\] 6379\/tcp exposure/);
    expect(out).not.toMatch(/\[info\]/);
    expect(out).toContain('Summary: 1 critical, 0 high, 0 medium, 0 low, 1 info.');
    expect(renderRunText(audit, index, { lang: 'zh', ...plain })).toContain('portwarden 审计：vm');
  });
});
