import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { RUN_SCHEMA, type RunPort, type RunRecord } from '../core/run.js';
import { evaluatePolicy } from '../assess/policy.js';
import { parsePolicy } from '../assess/policy-source.js';
import { renderBaseline } from './policy-yaml.js';

const proc = (pid: number, name: string, user: string | null): RunPort['processes'][number] => ({
  pid,
  name,
  user,
  command: null,
});
const port = (
  n: number,
  address: string,
  processes: RunPort['processes'],
  transport: 'tcp' | 'udp' = 'tcp',
): RunPort => ({
  transport,
  port: n,
  state: 'open',
  reason: 'listening',
  address,
  service: n === 22 ? { service: 'ssh', tls: false, method: 'port', confidence: 3 } : null,
  processes,
  checks: [],
});
const telnet: Finding = {
  id: 'vm1:tcp:0.0.0.0:23:exposure',
  rule: 'exposure',
  severity: 'high',
  target: { host: 'vm1', transport: 'tcp', port: 23, address: '0.0.0.0' },
  title: { en: 'Telnet reachable from the LAN', zh: '局域网可访问 Telnet' },
  detail: { en: 'd', zh: 'd' },
  action: 'close',
  evidence: {},
};
const RUN: RunRecord = {
  schema: RUN_SCHEMA,
  id: 'r',
  kind: 'audit',
  startedAt: '2026-11-01T08:00:00.000Z',
  finishedAt: '2026-11-01T08:00:01.000Z',
  tool: { name: 'portwarden', version: '0' },
  parameters: {},
  hosts: [
    {
      host: 'vm1',
      addresses: ['203.0.113.7'],
      state: 'up',
      reason: null,
      ports: [
        port(22, '0.0.0.0', [proc(1, 'sshd', 'root')]),
        port(22, '::', [proc(1, 'sshd', 'root')]),
        port(23, '0.0.0.0', [proc(9, 'inetd', 'root')]),
        port(53, '127.0.0.53', [proc(5, 'systemd-resolve', 'systemd-resolve')], 'udp'),
        port(6379, '127.0.0.1', []),
      ],
      closed: 0,
    },
  ],
  findings: [telnet],
  interrupted: false,
};

describe('renderBaseline', () => {
  const now = new Date('2026-11-02T10:00:00Z');

  it('allows exactly what is open, each port once, with the holder as owner and the day seen as reason', () => {
    const text = renderBaseline(RUN, { lang: 'en', now, file: 'base.yml' });
    const policy = parsePolicy(text, 'base.yml');
    const allow = policy.hosts[0]?.allow ?? [];
    expect(allow.map((a) => a.spec)).toEqual(['22/tcp', '23/tcp', '53/udp', '6379/tcp']);
    expect(allow[0]).toMatchObject({ owner: 'sshd (root)', reason: 'seen open on 2026-11-01' });
    expect(allow[3]?.owner).toBe('unknown program (?); run as root to see it');
    expect(text).toContain('# ssh — listening on 0.0.0.0, ::');
    const verdict = evaluatePolicy(policy, RUN, { now });
    // The baseline accepts ports, never risk: the high telnet finding is still a violation until ignored.
    expect(verdict.violations).toEqual([expect.objectContaining({ kind: 'finding', finding: telnet })]);
    expect(verdict.allowedPorts).toBe(5);
  });

  it('offers the urgent findings as commented ignore entries that work once uncommented', () => {
    const text = renderBaseline(RUN, { lang: 'en', now });
    expect(text).toContain('#   - rule: exposure   # [high] Telnet reachable from the LAN');
    expect(text).toContain('#     until: 2026-12-02');
    const at = text.indexOf('\n# ignore:\n') + 1;
    const tail = text
      .slice(at)
      .replace('# ignore:\n', 'ignore:\n')
      .replace(/^# {3}(- rule| {2}host| {2}port| {2}until| {2}reason)/gm, '  $1')
      .replace(/ {3}# \[high\].*$/m, '');
    const policy = parsePolicy(text.slice(0, at) + tail, 'p.yml');
    expect(policy.ignores).toHaveLength(1);
    expect(evaluatePolicy(policy, RUN, { now }).violations).toEqual([]);
  });

  it('writes its comments in Chinese for --lang zh, and the file still parses', () => {
    const text = renderBaseline(RUN, { lang: 'zh', now });
    expect(text).toMatch(/^# portwarden 策略文件/);
    expect(text).toContain('2026-11-01 发现处于开放状态');
    expect(parsePolicy(text, 'zh.yml').hosts[0]?.allow).toHaveLength(4);
  });
});
