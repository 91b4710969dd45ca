import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../core/finding.js';
import { RUN_SCHEMA, type RunHost, type RunPort, type RunRecord } from '../core/run.js';
import type { ServiceInfo } from '../core/service.js';
import { diffRuns } from './diff.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/diff.v1.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

const svc = (service: string, product?: string, version?: string): ServiceInfo => ({
  service,
  tls: false,
  method: 'probe',
  confidence: 10,
  ...(product === undefined ? {} : { product }),
  ...(version === undefined ? {} : { version }),
});

function port(n: number, extra: Partial<RunPort> = {}): RunPort {
  return {
    transport: 'tcp',
    port: n,
    state: 'open',
    reason: 'syn-ack',
    address: null,
    service: null,
    processes: [],
    checks: [],
    ...extra,
  };
}
const host = (name: string, ports: RunPort[], state: RunHost['state'] = 'up'): RunHost => ({
  host: name,
  state,
  reason: null,
  ports,
  closed: 0,
});
function finding(h: string, p: number, rule: string, severity: Severity): Finding {
  return {
    id: `${rule}:${h}:tcp/${p}`,
    rule,
    severity,
    target: { host: h, transport: 'tcp', port: p, address: null },
    title: { en: `${rule} ${p}`, zh: `${rule} ${p}` },
    detail: { en: 'd', zh: 'd' },
    action: 'restrict',
    evidence: {},
  };
}
function run(
  id: string,
  hosts: readonly RunHost[],
  findings: readonly Finding[],
  parameters: Record<string, unknown> = {},
): RunRecord {
  return {
    schema: RUN_SCHEMA,
    id,
    kind: 'scan',
    startedAt: '2026-11-01T00:00:00.000Z',
    finishedAt: '2026-11-01T00:01:00.000Z',
    tool: { name: 'portwarden', version: '0' },
    parameters: { targets: ['203.0.113.0/28'], seed: id, ...parameters },
    hosts,
    findings,
    interrupted: false,
  };
}

const A = run(
  'a',
  [
    host('203.0.113.1', [
      port(21, { service: svc('ftp', 'vsftpd', '3.0.3') }),
      port(22, { service: svc('ssh', 'OpenSSH', '8.9p1') }),
      port(53, { transport: 'udp', state: 'open|filtered' }),
    ]),
    host('203.0.113.2', [port(80)]),
    host('203.0.113.3', [port(443)]),
    host('203.0.113.4', [], 'down'),
  ],
  [
    finding('203.0.113.1', 21, 'ftp-anon', 'high'),
    finding('203.0.113.1', 22, 'ssh-algorithms', 'low'),
    finding('203.0.113.2', 80, 'http-methods', 'medium'),
    finding('203.0.113.3', 443, 'tls-versions', 'medium'),
  ],
);
const B = run(
  'b',
  [
    host('203.0.113.1', [
      port(22, { service: svc('ssh', 'OpenSSH', '9.6p1') }),
      port(53, { transport: 'udp', reason: 'udp-response' }),
      port(8080, { service: svc('http') }),
    ]),
    host('203.0.113.2', [], 'down'),
    host('203.0.113.4', [port(3389)]),
    host('203.0.113.5', [port(23)]),
  ],
  [
    finding('203.0.113.1', 22, 'ssh-algorithms', 'medium'),
    finding('203.0.113.1', 8080, 'exposure', 'low'),
    finding('203.0.113.5', 23, 'exposure', 'critical'),
  ],
);

describe('diffRuns', () => {
  const d = diffRuns(A, B);

  it('lists hosts that appeared, disappeared and changed state', () => {
    expect(d.hosts).toEqual({
      appeared: ['203.0.113.5'],
      disappeared: ['203.0.113.3'],
      changed: [
        { host: '203.0.113.2', from: 'up', to: 'down' },
        { host: '203.0.113.4', from: 'down', to: 'up' },
      ],
    });
  });

  it('lists ports opened, closed and changed, only on hosts the second run looked at', () => {
    expect(d.ports.opened.map((p) => `${p.host} ${p.port}`)).toEqual([
      '203.0.113.1 8080',
      '203.0.113.4 3389',
      '203.0.113.5 23',
    ]);
    // 80 on the host now down is not "closed": nobody looked.
    expect(d.ports.closed).toEqual([
      {
        host: '203.0.113.1',
        transport: 'tcp',
        port: 21,
        address: null,
        state: 'open',
        service: { service: 'ftp', product: 'vsftpd', version: '3.0.3' },
      },
    ]);
    expect(d.ports.changed).toEqual([
      {
        host: '203.0.113.1',
        transport: 'udp',
        port: 53,
        address: null,
        from: 'open|filtered',
        to: 'open',
        reason: 'udp-response',
      },
    ]);
  });

  it('lists versions that changed', () => {
    expect(d.services.changed).toEqual([
      {
        host: '203.0.113.1',
        transport: 'tcp',
        port: 22,
        address: null,
        from: { service: 'ssh', product: 'OpenSSH', version: '8.9p1' },
        to: { service: 'ssh', product: 'OpenSSH', version: '9.6p1' },
        processes: { from: [], to: [] },
      },
    ]);
  });

  it('matches findings by id: new, resolved, severity changed, and unverified on hosts not rechecked', () => {
    expect(d.findings.new.map((f) => f.id)).toEqual(['exposure:203.0.113.1:tcp/8080', 'exposure:203.0.113.5:tcp/23']);
    expect(d.findings.resolved.map((f) => f.id)).toEqual(['ftp-anon:203.0.113.1:tcp/21']);
    expect(d.findings.changed.map((c) => [c.id, c.from, c.to])).toEqual([
      ['ssh-algorithms:203.0.113.1:tcp/22', 'low', 'medium'],
    ]);
    expect(d.findings.unverified.map((f) => f.id)).toEqual([
      'http-methods:203.0.113.2:tcp/80',
      'tls-versions:203.0.113.3:tcp/443',
    ]);
    expect(d.same).toBe(false);
    expect(d.warnings).toEqual([]); // only the seed differs
    expect(validate(JSON.parse(JSON.stringify(d))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('finds nothing between a run and itself, and warns when runs are not alike', () => {
    const same = diffRuns(A, A);
    expect(same.same).toBe(true);
    expect(validate(same)).toBe(true);
    const other = diffRuns(A, { ...run('c', A.hosts, A.findings, { targets: ['203.0.113.0/24'] }), interrupted: true });
    expect(other.warnings).toEqual(['parameters-differ', 'b-interrupted']);
    expect(diffRuns(A, { ...A, kind: 'audit' }).warnings).toEqual(['kind-differs']);
  });

  it('reports a change of the process holding an audited socket', () => {
    const proc = (name: string): RunPort['processes'][number] => ({ pid: 1, name, user: 'root', command: null });
    const a = run('a', [host('vm', [port(8080, { address: '0.0.0.0', processes: [proc('nginx')] })])], []);
    const b = run(
      'b',
      [
        host('vm', [
          port(8080, { address: '0.0.0.0', processes: [proc('python3')] }),
          port(8080, { address: '::', processes: [proc('python3')] }),
        ]),
      ],
      [],
    );
    const d2 = diffRuns(a, b);
    expect(d2.services.changed).toEqual([
      expect.objectContaining({ port: 8080, address: '0.0.0.0', processes: { from: ['nginx'], to: ['python3'] } }),
    ]);
    expect(d2.ports.opened).toEqual([expect.objectContaining({ port: 8080, address: '::' })]);
  });
});
