// The audit in a namespace of its own: a known set of listeners, a lab address on a dummy interface
// (no link to anything, so nothing is ever sent), and nftables rules inside the namespace only.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerProgram, parseOpened, type OpenedListener } from './listeners.js';
import { addLabAddress, createNamespace, labEnabled, waitForOutput, type Namespace } from './lab/netns.js';

const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));
const enabled = labEnabled('audit in a network namespace');

interface Item {
  socket: { transport: string; address: string; port: number; processes: { pid: number; name: string }[] };
  exposure: { reach: string; scope: string };
  effectiveReach: string;
  firewall: { state: string; rule: string | null } | null;
  severity: string;
  findings: { rule: string }[];
}

describe.runIf(enabled)('audit in a network namespace', () => {
  let ns: Namespace;
  let opened: OpenedListener[];
  let pid: number;

  beforeAll(async () => {
    ns = createNamespace('pw-audit');
    addLabAddress(ns, '203.0.113.10/24');
    addLabAddress(ns, '2001:db8:203::10/64');
    const child = ns.spawn(process.execPath, [
      '-e',
      listenerProgram([
        { transport: 'tcp', address: '0.0.0.0', port: 23 },
        { transport: 'tcp', address: '127.0.0.1', port: 6379 },
        { transport: 'tcp', address: '203.0.113.10', port: 3306 },
        { transport: 'tcp', address: '::', port: 22 },
        { transport: 'udp', address: '0.0.0.0', port: 69 },
        { transport: 'tcp', address: '0.0.0.0', port: 99 },
        { transport: 'tcp', address: '::1', port: 8080 },
      ]),
    ]);
    opened = parseOpened(await waitForOutput(child, 'OPENED'));
    pid = child.pid ?? -1;
  });
  afterAll(() => {
    ns.destroy();
  });

  function audit(...flags: string[]): Item[] {
    const out = ns.exec(process.execPath, [bin, 'audit', '--json', '--no-save', ...flags]);
    return (JSON.parse(out) as { items: Item[] }).items;
  }
  const find = (items: Item[], transport: string, port: number): Item | undefined =>
    items.find((i) => i.socket.transport === transport && i.socket.port === port);

  it('finds exactly the listeners of the namespace, held by the process that opened them', () => {
    const items = audit('--no-firewall');
    const seen = items.map((i) => `${i.socket.transport} ${i.socket.address} ${i.socket.port}`).sort();
    const expected = opened.map((l) => `${l.transport} ${l.address} ${l.port}`).sort();
    expect(seen).toEqual(expected);
    for (const i of items) expect(i.socket.processes.map((p) => p.pid)).toEqual([pid]);
  });

  it('judges reach from the bind address and the namespace addresses', () => {
    const items = audit('--no-firewall');
    expect(find(items, 'tcp', 23)?.exposure).toMatchObject({ scope: 'all', reach: 'internet' });
    expect(find(items, 'tcp', 6379)?.exposure).toMatchObject({ scope: 'loopback', reach: 'loopback' });
    expect(find(items, 'tcp', 8080)?.exposure).toMatchObject({ scope: 'loopback', reach: 'loopback' });
    expect(find(items, 'tcp', 3306)?.exposure).toMatchObject({ scope: 'specific', reach: 'internet' });
    expect(find(items, 'tcp', 23)?.severity).toBe('critical');
    expect(find(items, 'tcp', 6379)?.severity).toBe('low');
  });

  it('calls a trojan port held by an unexpected program suspicious', () => {
    const item = find(audit('--no-firewall'), 'tcp', 99);
    expect(item?.findings.map((f) => f.rule)).toContain('suspicious-holder');
    expect(item?.severity).toBe('critical');
  });

  it('marks a port that an nftables rule drops as blocked by the firewall', () => {
    const ruleset = [
      'table inet pwtest {',
      '  chain input {',
      '    type filter hook input priority 0; policy accept;',
      '    tcp dport 23 drop',
      '  }',
      '}',
    ];
    ns.exec('nft', ['-f', '-'], ruleset.join('\n') + '\n');
    try {
      const items = audit();
      expect(find(items, 'tcp', 23)?.firewall?.state).toBe('blocked');
      expect(find(items, 'tcp', 23)?.effectiveReach).toBe('blocked');
      expect(find(items, 'tcp', 3306)?.firewall?.state).toBe('allowed');
      expect(find(items, 'tcp', 3306)?.effectiveReach).toBe('internet');
    } finally {
      ns.exec('nft', ['delete', 'table', 'inet', 'pwtest']);
    }
  });
});
