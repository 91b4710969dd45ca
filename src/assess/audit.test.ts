import { describe, expect, it } from 'vitest';
import type { ListeningSocket } from '../core/socket.js';
import { KnowledgeIndex } from '../knowledge/load.js';
import { assessSocket, type AuditContext } from './audit.js';
import type { HostAddress } from './exposure.js';
import type { FirewallView } from './firewall-view.js';
import { compareItems, summarize } from './summary.js';

const index = new KnowledgeIndex();
const host: HostAddress[] = [
  { interface: 'lo', address: '127.0.0.1', family: 4 },
  { interface: 'eth0', address: '203.0.113.5', family: 4 },
];
const noFirewall: FirewallView = () => null;
const ctx = (firewall: FirewallView = noFirewall): AuditContext => ({
  index,
  host,
  bindV6Only: false,
  firewall,
  hostName: 'test-host',
});

function sock(
  port: number,
  address: string,
  program: string | null,
  transport: 'tcp' | 'udp' = 'tcp',
): ListeningSocket {
  return {
    transport,
    family: address.includes(':') ? 6 : 4,
    address,
    scope: null,
    port,
    uid: 0,
    user: 'root',
    processes: program === null ? [] : [{ pid: 100 + port, name: program, command: program, user: 'root' }],
    id: `inode-${port}`,
  };
}

describe('assessSocket', () => {
  it('rates an internet-facing telnet server by the knowledge base and advises closing it', () => {
    const item = assessSocket(ctx(), sock(23, '0.0.0.0', 'in.telnetd'));
    const entry = index.byPort(23);
    expect(item.effectiveReach).toBe('internet');
    expect(item.severity).toBe(entry?.risk.internet);
    expect(item.action).toBe(entry?.advice.action);
    expect(item.service).toMatchObject({ name: 'telnet', curated: true, holder: 'expected' });
    expect(item.findings.map((f) => f.rule)).toEqual(['exposure']);
  });

  it('keeps a database that listens on loopback only', () => {
    const item = assessSocket(ctx(), sock(3306, '127.0.0.1', 'mysqld'));
    expect(item.effectiveReach).toBe('loopback');
    expect(item.severity).toBe(index.byPort(3306)?.risk.loopback);
    expect(item.action).toBe('keep');
  });

  it('flags a trojan port held by an unknown program as suspicious', () => {
    const item = assessSocket(ctx(), sock(99, '0.0.0.0', 'nc'));
    expect(item.severity).toBe('critical');
    const f = item.findings.find((x) => x.rule === 'suspicious-holder');
    expect(f?.title.en).toContain('nc');
    expect(f?.detail.en).toContain('NCx99');
    expect(f?.title.zh).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('does not suspect the normal server, a superserver, or an invisible process', () => {
    for (const program of ['vsftpd', 'systemd', 'inetd']) {
      const item = assessSocket(ctx(), sock(21, '0.0.0.0', program));
      expect(item.findings.map((f) => f.rule)).toEqual(['exposure']);
    }
    const hidden = assessSocket(ctx(), sock(21, '0.0.0.0', null));
    expect(hidden.service.holder).toBe('invisible');
    expect(hidden.findings.map((f) => f.rule)).toEqual(['exposure']);
  });

  it('notes an unexpected holder on a port without trojan history', () => {
    const item = assessSocket(ctx(), sock(3306, '0.0.0.0', 'python3'));
    expect(item.findings.map((f) => f.rule)).toEqual(['exposure', 'unexpected-holder']);
  });

  it('lowers the risk of a port the firewall blocks, and says so', () => {
    const blocked: FirewallView = () => ({
      state: 'blocked',
      rule: 'tcp dport 23 drop',
      source: 'nftables',
      conditions: [],
    });
    const item = assessSocket(ctx(blocked), sock(23, '0.0.0.0', 'in.telnetd'));
    expect(item.effectiveReach).toBe('blocked');
    expect(['low', 'info']).toContain(item.severity);
    expect(item.findings[0]?.evidence['firewallRule']).toBe('tcp dport 23 drop');
  });

  it('reads a source-restricted rule as LAN reach', () => {
    const restricted: FirewallView = () => ({
      state: 'restricted',
      rule: 'ip saddr 10.0.0.0/8 accept',
      source: 'nftables',
      conditions: [],
    });
    expect(assessSocket(ctx(restricted), sock(22, '0.0.0.0', 'sshd')).effectiveReach).toBe('lan');
  });

  it('asks to review an unknown port reachable from outside', () => {
    const item = assessSocket(ctx(), sock(40000, '0.0.0.0', 'mystery'));
    expect(item.service.curated).toBe(false);
    expect(item.severity).toBe('medium');
    expect(item.action).toBe('restrict');
  });

  it('does not apply a TCP entry to the same port on UDP', () => {
    const item = assessSocket(ctx(), sock(21, '0.0.0.0', 'x', 'udp'));
    expect(item.service.curated).toBe(false);
  });
});

describe('summarize', () => {
  it('counts by severity and lists at most three urgent actions, one per port', () => {
    const items = [
      assessSocket(ctx(), sock(3306, '127.0.0.1', 'mysqld')),
      assessSocket(ctx(), sock(23, '0.0.0.0', 'in.telnetd')),
      assessSocket(ctx(), sock(23, '::', 'in.telnetd')),
      assessSocket(ctx(), sock(99, '0.0.0.0', 'nc')),
      assessSocket(ctx(), sock(6379, '0.0.0.0', 'redis-server')),
      assessSocket(ctx(), sock(111, '0.0.0.0', 'rpcbind')),
    ].sort(compareItems);
    const s = summarize(items);
    expect(s.total).toBe(6);
    expect(Object.values(s.bySeverity).reduce((a, b) => a + b, 0)).toBe(6);
    expect(s.urgent).toHaveLength(3);
    expect(items[s.urgent[0] ?? -1]?.socket.port).toBe(99);
    const ports = s.urgent.map((n) => items[n]?.socket.port);
    expect(new Set(ports).size).toBe(3);
    expect(ports).not.toContain(3306);
  });
});
