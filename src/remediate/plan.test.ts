import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import type { RunRecord } from '../core/run.js';
import { auditRun, index, socket } from '../../test/support/remediate-runs.js';
import { buildPlan, type PlanOptions } from './plan.js';
import { parseRunRecord } from './run-input.js';
import { listenPort, ownerFromCgroup, ownerOf, parseCgroup, parseListSockets, type ServiceOwner } from './service.js';
import { parseSshConnection, ruleCutsSession } from './ssh-guard.js';

const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({
  platform: 'nftables',
  allowFrom: [],
  threshold: 'medium',
  ssh: null,
  ...over,
});
const none = new Map<string, ServiceOwner>();

describe('plans from an audit', () => {
  const run = auditRun([
    socket(23, '0.0.0.0', { pid: 700, name: 'inetd' }),
    socket(23, '::', { pid: 700, name: 'inetd' }),
    socket(22, '0.0.0.0', { pid: 600, name: 'sshd' }),
    socket(631, '127.0.0.1', { pid: 500, name: 'cupsd' }),
  ]);

  it('closes telnet with one port-wide rule, keeps loopback-only CUPS, and says why in both languages', () => {
    const plan = buildPlan(run, options(), { index, owners: none });
    const telnet = plan.actions.find((p) => p.port === 23);
    expect(telnet?.decision).toBe('close');
    expect(telnet?.rule).toEqual({ transport: 'tcp', port: 23, allowFrom: [] });
    expect(plan.actions.filter((p) => p.port === 23)).toHaveLength(1);
    expect(telnet?.reasons.some((r) => r.en.includes('23/tcp'))).toBe(true);
    expect(telnet?.reasons.at(-1)?.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(telnet?.evidence).toContain('program=inetd');
    expect(telnet?.steps.map((s) => s.kind)).toEqual(['firewall', 'service']);
    expect(plan.keep.map((p) => p.port)).toContain(631);
    expect(plan.setup.length).toBe(2);
    expect(plan.rollback[0]?.argv).toEqual(['nft', 'delete', 'table', 'inet', 'portwarden']);
  });

  it('--severity decides what is acted on; below it ports are kept, with the reason', () => {
    // inetd on 23 is a critical finding (a trojan port held by a program that does not normally serve it).
    const plan = buildPlan(run, options({ threshold: 'critical' }), { index, owners: none });
    expect(plan.actions.map((p) => p.port)).toEqual([23]);
    const ssh = plan.keep.find((p) => p.port === 22);
    expect(ssh?.reasons.some((r) => r.en.includes('below the critical threshold'))).toBe(true);
    const ssh2 = buildPlan(run, options({ threshold: 'low' }), { index, owners: none }).actions.find(
      (p) => p.port === 22,
    );
    expect(ssh2?.decision).not.toBe('keep');
  });

  it('uses the owner found from the pid: inetd, a systemd unit, socket activation', () => {
    const inetd = ownerOf(
      23,
      { pid: 700, name: 'inetd', command: null },
      '0::/system.slice/inetutils-inetd.service',
      [],
    );
    expect(inetd).toEqual({ kind: 'inetd', daemon: 'inetd', unit: 'inetutils-inetd.service' });
    const plan = buildPlan(run, options(), { index, owners: new Map([['23/700', inetd]]) });
    const step = plan.actions.find((p) => p.port === 23)?.steps.find((s) => s.kind === 'service');
    expect(step?.file?.path).toBe('/etc/inetd.conf');
    expect(step?.commands.map((c) => c.argv.join(' '))).toEqual(['systemctl restart inetutils-inetd.service']);
    const socketUnit = ownerOf(
      23,
      { pid: 1, name: 'systemd', command: null },
      '0::/init.scope',
      parseListSockets('[::]:23   telnet.socket   telnet@0.service\n'),
    );
    expect(socketUnit).toEqual({ kind: 'systemd-socket', unit: 'telnet.socket', activates: ['telnet@0.service'] });
  });

  it('restricts to --allow-from when given, and on Windows names the service to disable', () => {
    const plan = buildPlan(run, options({ allowFrom: ['10.0.0.0/8'], platform: 'windows' }), { index, owners: none });
    const telnet = plan.actions.find((p) => p.port === 23);
    expect(telnet?.rule?.allowFrom).toEqual(['10.0.0.0/8']);
    const service = telnet?.steps.find((s) => s.kind === 'service');
    expect(service?.commands.map((c) => c.argv.join(' '))).toEqual([
      'Stop-Service -Name TlntSvr -Force',
      'Set-Service -Name TlntSvr -StartupType Disabled',
    ]);
  });
});

describe('the SSH-lockout guard', () => {
  it('parses SSH_CONNECTION and ignores malformed values', () => {
    expect(parseSshConnection('203.0.113.9 50022 203.0.113.1 22')).toEqual({
      clientIp: '203.0.113.9',
      clientPort: 50022,
      serverIp: '203.0.113.1',
      serverPort: 22,
    });
    expect(parseSshConnection('2001:db8::9 1 2001:DB8::1 2222')?.serverIp).toBe('2001:db8::1');
    for (const bad of [undefined, '', 'a b c d', '203.0.113.9 1 203.0.113.1 70000', '203.0.113.9 1 203.0.113.1']) {
      expect(parseSshConnection(bad)).toBeNull();
    }
  });

  it('refuses a rule on the session port that covers the client, allows it when --allow-from spares the client', () => {
    const s = parseSshConnection('198.51.100.77 40000 198.51.100.5 22');
    if (s === null) throw new Error('parse');
    expect(ruleCutsSession({ transport: 'tcp', port: 22, allowFrom: [] }, s)).toBe(true);
    expect(ruleCutsSession({ transport: 'tcp', port: 22, allowFrom: ['10.0.0.0/8'] }, s)).toBe(true);
    expect(ruleCutsSession({ transport: 'tcp', port: 22, allowFrom: ['198.51.100.0/24'] }, s)).toBe(false);
    expect(ruleCutsSession({ transport: 'tcp', port: 23, allowFrom: [] }, s)).toBe(false);
    expect(ruleCutsSession({ transport: 'udp', port: 22, allowFrom: [] }, s)).toBe(false);
    const local = parseSshConnection('127.0.0.1 40000 127.0.0.1 22');
    if (local === null) throw new Error('parse');
    expect(ruleCutsSession({ transport: 'tcp', port: 22, allowFrom: [] }, local)).toBe(false);
  });

  it('marks the step refused and leaves no rule to apply, when the session runs on a port to close', () => {
    // sshd on port 23: the exposure finding says close; the session arrives on 23.
    const run = auditRun([socket(23, '0.0.0.0', { pid: 800, name: 'sshd' })]);
    const ssh = parseSshConnection('198.51.100.77 40000 198.51.100.5 23');
    const plan = buildPlan(run, options({ ssh }), { index, owners: none });
    const p = plan.actions.find((x) => x.port === 23);
    expect(p?.rule).toBeNull();
    const fw = p?.steps.find((s) => s.kind === 'firewall');
    expect(fw?.refused?.en).toContain('198.51.100.77');
    expect(fw?.refused?.zh).toContain('SSH');
    const spared = buildPlan(run, options({ ssh, allowFrom: ['198.51.100.0/24'] }), { index, owners: none });
    expect(spared.actions.find((x) => x.port === 23)?.rule).not.toBeNull();
  });
});

describe('service owners', () => {
  it('reads cgroup v2 and v1 files', () => {
    expect(parseCgroup('0::/system.slice/ssh.service\n')).toBe('/system.slice/ssh.service');
    expect(parseCgroup('12:pids:/x\n1:name=systemd:/system.slice/cron.service\n')).toBe('/system.slice/cron.service');
    expect(parseCgroup('')).toBeNull();
  });
  it('finds services, user units, containers; sessions are not owners', () => {
    expect(ownerFromCgroup('/system.slice/vsftpd.service')).toEqual({
      kind: 'systemd-service',
      unit: 'vsftpd.service',
      user: false,
    });
    expect(ownerFromCgroup('/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service')).toEqual({
      kind: 'systemd-service',
      unit: 'syncthing.service',
      user: true,
    });
    const id = 'a'.repeat(64);
    expect(ownerFromCgroup(`/system.slice/docker-${id}.scope`)).toEqual({
      kind: 'container',
      runtime: 'docker',
      id: 'a'.repeat(12),
    });
    expect(ownerFromCgroup(`/docker/${id}`)).toEqual({ kind: 'container', runtime: 'docker', id: 'a'.repeat(12) });
    expect(ownerFromCgroup('/user.slice/user-1000.slice/session-3.scope')).toBeNull();
    expect(ownerFromCgroup('/user.slice/user-1000.slice/user@1000.service')).toBeNull();
  });
  it('reads LISTEN columns', () => {
    expect(['[::]:23', '0.0.0.0:23', '*:23', '23'].map(listenPort)).toEqual([23, 23, 23, 23]);
    expect(listenPort('/run/dbus/system_bus_socket')).toBeNull();
  });
});

describe('saved runs', () => {
  const run: RunRecord = auditRun([socket(23, '0.0.0.0', null)]);
  it('accepts a run record and refuses other JSON with one sentence', () => {
    expect(parseRunRecord(JSON.stringify(run), 'r.json').findings).toHaveLength(run.findings.length);
    expect(() => parseRunRecord('{', 'r.json')).toThrow(/not JSON/);
    expect(() => parseRunRecord(JSON.stringify({ schema: 'portwarden.audit/1' }), 'r.json')).toThrow(
      /not a run record/,
    );
    const f = run.findings[0] as Finding;
    const badPort = { ...run, findings: [{ ...f, target: { ...f.target, port: 70000 } }] };
    expect(() => parseRunRecord(JSON.stringify(badPort), 'r.json')).toThrow(/not a run record/);
  });
});

describe('plans from a scan of another host', () => {
  const finding = (rule: string, port: number, transport: 'tcp' | 'udp', evidence: Finding['evidence']): Finding => ({
    id: `${rule}:203.0.113.9:${transport}/${port}`,
    rule,
    severity: 'high',
    target: { host: '203.0.113.9', transport, port, address: null },
    title: { en: `${rule} on ${port}`, zh: `${port} 上的 ${rule}` },
    detail: { en: 'd', zh: 'd' },
    action: 'harden',
    evidence,
  });
  const port = (
    p: number,
    transport: 'tcp' | 'udp',
    service: string,
    product?: string,
  ): RunRecord['hosts'][number]['ports'][number] => ({
    transport,
    port: p,
    state: 'open',
    reason: 'syn-ack',
    address: null,
    service: { service, tls: false, method: 'probe', confidence: 10, ...(product === undefined ? {} : { product }) },
    processes: [],
    checks: [],
  });
  const run: RunRecord = {
    ...auditRun([]),
    kind: 'scan',
    hosts: [
      {
        host: '203.0.113.9',
        state: 'up',
        reason: 'syn-ack',
        closed: 0,
        ports: [port(21, 'tcp', 'ftp', 'vsftpd'), port(53, 'udp', 'domain', 'dnsmasq'), port(161, 'udp', 'snmp')],
      },
    ],
    findings: [
      finding('ftp-anon', 21, 'tcp', { anonymous: true }),
      finding('dns-recursion', 53, 'udp', { answered: true }),
      finding('snmp-community', 161, 'udp', { community: 'public' }),
    ],
  };

  it('names the configuration fix each check calls for, keyed by the check and the product seen', () => {
    const plan = buildPlan(run, options(), { index, owners: none });
    const files = plan.actions.flatMap((p) =>
      p.steps.flatMap((s) => (s.file === undefined ? [] : [`${s.file.path}: ${s.file.lines.join(' | ')}`])),
    );
    expect(files).toContain('/etc/vsftpd.conf: anonymous_enable=NO');
    expect(files).toContain('/etc/dnsmasq.conf: local-service');
    const snmp = plan.actions.find((p) => p.port === 161)?.steps.find((s) => s.kind === 'config');
    expect(snmp?.text.en).toContain('community public');
    expect(snmp?.commands.map((c) => c.argv.join(' '))).toEqual(['systemctl restart snmpd.service']);
    // BIND when the product is not dnsmasq.
    const bind = buildPlan(
      {
        ...run,
        hosts: [{ ...(run.hosts[0] as RunRecord['hosts'][number]), ports: [port(53, 'udp', 'domain', 'ISC BIND')] }],
      },
      options(),
      { index, owners: none },
    );
    expect(JSON.stringify(bind.actions)).toContain('allow-recursion { localhost; localnets; };');
  });

  it('on Windows, the SNMP community goes from the registry list', () => {
    const plan = buildPlan(run, options({ platform: 'windows' }), { index, owners: none });
    const snmp = plan.actions.find((p) => p.port === 161)?.steps.find((s) => s.kind === 'config');
    expect(snmp?.commands[0]?.argv).toEqual([
      'Remove-ItemProperty',
      '-Path',
      'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities',
      '-Name',
      'public',
    ]);
  });
});
