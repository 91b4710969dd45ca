import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { t, type MessageKey } from '../core/i18n.js';
import { parsePolicy } from './policy-source.js';

const GOOD = `version: 1
fail-on: medium
groups:
  web: [203.0.113.10, 203.0.113.11, web3.example]
  lab: [2001:db8:203::/64]
hosts:
  - host: [203.0.113.0/28, db1]
    group: web
    allow:
      - port: 22/tcp
        owner: ops
        reason: SSH for the admins
      - port: 80,443/tcp
        owner: web team
        reason: the public site
  - host: "*"
    allow:
      - port: 53,123/udp
        owner: infra
        reason: DNS and NTP
      - port: 8000-8100
        owner: dev
        reason: test servers
overrides:
  - rule: exposure
    port: 23/tcp
    severity: critical
ignore:
  - rule: ftp-anon
    host: 203.0.113.5
    port: 21/tcp
    until: 2026-12-31
    reason: mirror closes in December
`;

/** The catalogue key, params and English sentence of the usage error `fn` throws. */
function failure(fn: () => unknown): { key: MessageKey; params: Record<string, string | number>; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const d = (err as UsageError).details as { key: MessageKey; params: Record<string, string | number> };
    return { ...d, message: (err as Error).message };
  }
  throw new Error('no error thrown');
}

describe('parsePolicy', () => {
  it('reads every section of a good file, with paths and lines', () => {
    const p = parsePolicy(GOOD, 'p.yml');
    expect(p.failOn).toBe('medium');
    expect(p.hosts).toHaveLength(2);
    const [first, any] = p.hosts;
    expect(first?.selector.label).toBe('203.0.113.0/28, db1, web');
    expect(first?.selector.matchers).toHaveLength(5); // 2 words + 3 members of web
    expect(first?.allow[1]).toMatchObject({
      path: 'hosts[0].allow[1]',
      line: 13,
      owner: 'web team',
      spec: '80,443/tcp',
    });
    expect(first?.allow[1]?.ports).toEqual([
      { transport: 'tcp', from: 80, to: 80 },
      { transport: 'tcp', from: 443, to: 443 },
    ]);
    expect(any?.allow[0]?.ports.map((r) => r.transport)).toEqual(['udp', 'udp']);
    expect(any?.allow[1]?.ports).toEqual([{ transport: 'tcp', from: 8000, to: 8100 }]);
    expect(p.overrides[0]).toMatchObject({ rule: 'exposure', severity: 'critical', selector: null, line: 25 });
    expect(p.ignores[0]).toMatchObject({ rule: 'ftp-anon', until: '2026-12-31', path: 'ignore[0]', line: 29 });
  });

  it('defaults fail-on to high, and "none" turns finding violations off', () => {
    expect(parsePolicy('version: 1\n', 'p.yml').failOn).toBe('high');
    expect(parsePolicy('version: 1\nfail-on: none\n', 'p.yml').failOn).toBeNull();
  });

  it('gives the line and column of a YAML syntax error', () => {
    const f = failure(() => parsePolicy('version: 1\nhosts:\n  - host: a\n    allow: [\n  - port: 1\n', 'p.yml'));
    expect(f.key).toBe('policy.error.syntax');
    expect(f.params).toMatchObject({ file: 'p.yml', line: 5, column: 3 });
    expect(f.message).toMatch(/^p\.yml, line 5, column 3: this is not valid YAML \(.+\)\.$/);
    const dup = failure(() => parsePolicy('version: 1\nfail-on: high\nfail-on: low\n', 'p.yml'));
    expect(dup.params).toMatchObject({ line: 3, column: 1 });
  });

  it('names an unknown key with its path, its line and the keys known there', () => {
    const text =
      'version: 1\nhosts:\n  - host: a\n    allow:\n      - port: 22\n        owner: ops\n        reason: r\n        colour: red\n';
    const f = failure(() => parsePolicy(text, 'p.yml'));
    expect(f.key).toBe('policy.error.unknownKey');
    expect(f.params).toMatchObject({ path: 'hosts[0].allow[0].colour', line: 8, keys: 'port, owner, reason' });
    expect(t('zh', f.key, f.params)).toContain('第 8 行');
    expect(failure(() => parsePolicy('version: 1\nhost: a\n', 'p.yml')).params).toMatchObject({
      path: 'host',
      line: 2,
    });
  });

  it('names schema violations by path and line', () => {
    const base = 'version: 1\nhosts:\n  - host: a\n    allow:\n      - port: 22/tcp\n        owner: ops\n';
    expect(failure(() => parsePolicy(base, 'p.yml'))).toMatchObject({
      key: 'policy.error.missingKey',
      params: { path: 'hosts[0].allow[0].reason', line: 5 },
    });
    expect(failure(() => parsePolicy('version: 1\nhosts:\n  - allow: []\n', 'p.yml'))).toMatchObject({
      key: 'policy.error.needsOneOf',
      params: { path: 'hosts[0]', keys: 'host, group', line: 3 },
    });
    expect(failure(() => parsePolicy('version: 1\nhosts:\n  - host: 5\n    allow: []\n', 'p.yml'))).toMatchObject({
      key: 'policy.error.type.stringOrArray',
      params: { path: 'hosts[0].host', line: 3 },
    });
    expect(failure(() => parsePolicy('version: 1\nfail-on: severe\n', 'p.yml'))).toMatchObject({
      key: 'policy.error.enum',
      params: { path: 'fail-on', value: '"severe"', line: 2 },
    });
    expect(failure(() => parsePolicy('version: 2\n', 'p.yml'))).toMatchObject({ key: 'policy.error.enum' });
    expect(failure(() => parsePolicy('fail-on: high\n', 'p.yml'))).toMatchObject({
      key: 'policy.error.missingKey',
      params: { path: 'version' },
    });
    expect(failure(() => parsePolicy('- 1\n', 'p.yml')).key).toBe('policy.error.notMapping');
    expect(failure(() => parsePolicy('# only a comment\n', 'p.yml')).key).toBe('policy.error.emptyFile');
  });

  it('checks what the schema cannot: ports, addresses, networks, groups and dates', () => {
    const allow = (port: string, host = 'a'): string =>
      `version: 1\nhosts:\n  - host: ${host}\n    allow:\n      - port: ${port}\n        owner: o\n        reason: r\n`;
    const cases: [string, MessageKey, string][] = [
      [allow('70000/tcp'), 'policy.error.port', 'hosts[0].allow[0].port'],
      [allow('22/icmp'), 'policy.error.transport', 'hosts[0].allow[0].port'],
      [allow('90-80/tcp'), 'policy.error.portRange', 'hosts[0].allow[0].port'],
      [allow('"22,,23"'), 'policy.error.port', 'hosts[0].allow[0].port'],
      [allow('22', '203.0.113.300'), 'policy.error.address', 'hosts[0].host'],
      [allow('22', '203.0.113.0/33'), 'policy.error.prefix', 'hosts[0].host'],
      [allow('22', '"bad name!"'), 'policy.error.hostName', 'hosts[0].host'],
      [allow('22', '[a, "2001:db8::zz"]'), 'policy.error.address', 'hosts[0].host[1]'],
    ];
    for (const [text, key, path] of cases) {
      expect(
        failure(() => parsePolicy(text, 'p.yml')),
        text,
      ).toMatchObject({ key, params: { path } });
    }
    const group = 'version: 1\nhosts:\n  - group: [web]\n    allow: []\n';
    expect(failure(() => parsePolicy(group, 'p.yml'))).toMatchObject({
      key: 'policy.error.group',
      params: { path: 'hosts[0].group[0]', value: 'web', line: 3 },
    });
    const date = 'version: 1\nignore:\n  - rule: x\n    until: 2026-02-30\n    reason: r\n';
    expect(failure(() => parsePolicy(date, 'p.yml'))).toMatchObject({
      key: 'policy.error.date',
      params: { path: 'ignore[0].until', line: 4 },
    });
    const noRule = 'version: 1\nignore:\n  - until: 2026-02-20\n    reason: r\n';
    expect(failure(() => parsePolicy(noRule, 'p.yml'))).toMatchObject({ key: 'policy.error.needsOneOf' });
    const badGroupName = 'version: 1\ngroups:\n  "no good": [a]\n';
    expect(failure(() => parsePolicy(badGroupName, 'p.yml'))).toMatchObject({ key: 'policy.error.groupName' });
  });
});
