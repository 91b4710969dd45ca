import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../core/finding.js';
import { RUN_SCHEMA, type RunHost, type RunPort, type RunRecord } from '../core/run.js';
import type { PortObserved } from '../core/scan.js';
import { runFromScan } from '../report/run-record.js';
import type { HostResult } from '../report/scan-collect.js';
import { evaluatePolicy, type PortViolation } from './policy.js';
import { parsePolicy } from './policy-source.js';

function port(n: number, extra: Partial<RunPort> = {}): RunPort {
  return {
    transport: 'tcp',
    port: n,
    state: 'open',
    reason: 'listening',
    address: '0.0.0.0',
    service: null,
    processes: [{ pid: 100 + n, name: `d${n}`, user: 'root', command: null }],
    checks: [],
    ...extra,
  };
}

function finding(host: string, p: number, rule: string, severity: Severity): Finding {
  return {
    id: `${rule}:${host}:tcp/${p}`,
    rule,
    severity,
    target: { host, transport: 'tcp', port: p, address: null },
    title: { en: `${rule} on ${p}`, zh: `${rule} 于 ${p}` },
    detail: { en: 'd', zh: 'd' },
    action: 'close',
    evidence: {},
  };
}

function run(hosts: RunHost[], findings: Finding[] = []): RunRecord {
  return {
    schema: RUN_SCHEMA,
    id: 'r1',
    kind: 'audit',
    startedAt: '2026-11-01T00:00:00.000Z',
    finishedAt: '2026-11-01T00:00:01.000Z',
    tool: { name: 'portwarden', version: '0' },
    parameters: {},
    hosts,
    findings,
    interrupted: false,
  };
}

const host = (name: string, ports: RunPort[], addresses?: string[]): RunHost => ({
  host: name,
  state: 'up',
  reason: null,
  ports,
  closed: 0,
  ...(addresses === undefined ? {} : { addresses }),
});

const POLICY = `version: 1
groups:
  web: [203.0.113.10, 203.0.113.11]
hosts:
  - host: "*"
    allow:
      - { port: 22/tcp, owner: ops, reason: ssh }
  - group: web
    allow:
      - { port: "80,443/tcp", owner: web, reason: site }
  - host: 203.0.113.32/28
    allow:
      - { port: 5432/tcp, owner: dba, reason: database }
  - host: box1
    allow:
      - { port: 8000-8100/tcp, owner: dev, reason: test servers }
      - { port: 53/udp, owner: infra, reason: dns }
overrides:
  - { rule: exposure, port: 23/tcp, severity: critical }
  - { rule: smb-signing, severity: info }
ignore:
  - { rule: ftp-anon, host: 203.0.113.10, port: 21/tcp, until: 2026-12-31, reason: mirror closes in December }
  - { id: "exposure:203.0.113.11:tcp/25", until: 2026-06-30, reason: relay migration }
  - { rule: redis-noauth, until: 2027-01-31, reason: nothing has it }
`;

const violatingPorts = (v: readonly { kind: string }[]): string[] =>
  (v.filter((x) => x.kind === 'port-not-allowed') as PortViolation[]).map((x) => `${x.host} ${x.port}/${x.transport}`);

describe('evaluatePolicy', () => {
  const policy = parsePolicy(POLICY, 'p.yml');

  it('allows ports by "*", group, network and host name; every other open port is a violation', () => {
    const r = run([
      host('203.0.113.10', [port(22), port(80), port(443), port(3306)]),
      host('203.0.113.40', [port(22), port(5432), port(80)]),
      host('box1.example.com', [port(8080), port(53, { transport: 'udp' }), port(53)]),
      host('203.0.113.99', [port(22), port(8080), port(161, { transport: 'udp', state: 'open|filtered' })]),
    ]);
    const e = evaluatePolicy(policy, r, { now: new Date('2026-11-15T12:00:00Z') });
    expect(violatingPorts(e.violations)).toEqual([
      '203.0.113.10 3306/tcp',
      '203.0.113.40 80/tcp',
      'box1.example.com 53/tcp',
      '203.0.113.99 8080/tcp',
    ]);
    expect(e.allowedPorts).toBe(8);
    const v = e.violations[0] as PortViolation;
    expect(v).toMatchObject({ address: '0.0.0.0', processes: [{ pid: 3406, name: 'd3306', user: 'root' }] });
    // Only "*" matches .99: it is listed, but not for 8080.
    expect((e.violations[3] as PortViolation).hostListed).toBe(true);
  });

  it('matches an audited machine by one of its own addresses', () => {
    const r = run([host('vm7', [port(5432), port(80)], ['127.0.0.1', '203.0.113.33', '::1'])]);
    expect(violatingPorts(evaluatePolicy(policy, r).violations)).toEqual(['vm7 80/tcp']);
  });

  it('says when no entry names the host at all', () => {
    const only = parsePolicy('version: 1\nhosts:\n  - host: a\n    allow: []\n', 'p.yml');
    const e = evaluatePolicy(only, run([host('b', [port(22)])]));
    expect(e.violations).toEqual([expect.objectContaining({ kind: 'port-not-allowed', hostListed: false })]);
  });

  it('holds findings against fail-on after overrides, and applies ignores until their day ends', () => {
    const findings = [
      finding('203.0.113.10', 21, 'ftp-anon', 'high'),
      finding('203.0.113.11', 25, 'exposure', 'high'),
      finding('203.0.113.10', 23, 'exposure', 'medium'),
      finding('203.0.113.10', 445, 'smb-signing', 'high'),
      finding('203.0.113.10', 22, 'ssh-algorithms', 'medium'),
    ];
    const r = run([host('203.0.113.10', []), host('203.0.113.11', [])], findings);
    const ids = (now: string): string[] =>
      evaluatePolicy(policy, r, { now: new Date(now) }).violations.map((v) =>
        v.kind === 'finding' ? v.finding.id : '',
      );

    // June: both ignores apply; telnet is raised to critical; smb-signing lowered to info; ssh stays medium.
    const june = evaluatePolicy(policy, r, { now: new Date('2026-06-30T23:59:59Z') });
    expect(june.violations).toEqual([
      expect.objectContaining({ kind: 'finding', severity: 'critical', finding: findings[2] }),
    ]);
    expect(june.overridden.map((o) => [o.finding, o.from, o.to])).toEqual([
      ['exposure:203.0.113.10:tcp/23', 'medium', 'critical'],
      ['smb-signing:203.0.113.10:tcp/445', 'high', 'info'],
    ]);
    expect(june.ignored.map((i) => [i.path, i.findings])).toEqual([
      ['ignore[0]', ['ftp-anon:203.0.113.10:tcp/21']],
      ['ignore[1]', ['exposure:203.0.113.11:tcp/25']],
    ]);
    expect(june.unused.map((i) => i.path)).toEqual(['ignore[2]']);
    expect(june.expired).toEqual([]);

    // July 1st: the relay entry expired, so its finding counts again and the entry is reported.
    const july = evaluatePolicy(policy, r, { now: new Date('2026-07-01T00:00:00Z') });
    expect(july.today).toBe('2026-07-01');
    expect(july.expired).toEqual([
      expect.objectContaining({ path: 'ignore[1]', until: '2026-06-30', findings: ['exposure:203.0.113.11:tcp/25'] }),
    ]);
    expect(ids('2026-07-01T00:00:00Z')).toEqual(['exposure:203.0.113.11:tcp/25', 'exposure:203.0.113.10:tcp/23']);
    // 2027: the ftp entry expired too.
    expect(ids('2027-01-01T00:00:00Z')).toContain('ftp-anon:203.0.113.10:tcp/21');
  });

  it('never counts findings with fail-on: none, and counts low ones with fail-on: low', () => {
    const r = run([host('h', [])], [finding('h', 1, 'x', 'critical'), finding('h', 2, 'y', 'low')]);
    const none = parsePolicy('version: 1\nfail-on: none\n', 'p.yml');
    expect(evaluatePolicy(none, r).violations).toEqual([]);
    const low = parsePolicy('version: 1\nfail-on: low\n', 'p.yml');
    expect(evaluatePolicy(low, r).violations).toHaveLength(2);
  });

  it('judges a scan run built by runFromScan: open ports only, not open|filtered', () => {
    const obs = (p: number, state: PortObserved['state'], transport: 'tcp' | 'udp' = 'tcp'): PortObserved =>
      ({
        type: 'port',
        host: '203.0.113.10',
        transport,
        port: p,
        state,
        reason: state === 'open' ? 'syn-ack' : 'no-response',
      }) as PortObserved;
    const hosts: HostResult[] = [
      {
        host: '203.0.113.10',
        state: 'up',
        reason: null,
        ports: [
          obs(22, 'open'),
          obs(80, 'open'),
          obs(8443, 'open'),
          obs(161, 'open|filtered', 'udp'),
          obs(25, 'filtered'),
        ],
        counts: { open: 3, closed: 0, filtered: 1, 'open|filtered': 1 },
      },
    ];
    const r = runFromScan({
      startedAt: new Date(),
      finishedAt: new Date(),
      parameters: {},
      hosts,
      inspected: null,
      findings: [],
      interrupted: false,
    });
    const e = evaluatePolicy(policy, r);
    expect(violatingPorts(e.violations)).toEqual(['203.0.113.10 8443/tcp']);
    expect(e.violations[0]).toMatchObject({ address: null, processes: [] });
  });
});
