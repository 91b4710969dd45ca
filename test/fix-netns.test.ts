// Lab test: portwarden's generated firewall commands, actually applied in a network namespace with a listener, make
// the port unreachable from a second namespace (the "network"), and the rollback makes it reachable again. Two
// namespaces joined by a veth pair stand for this machine and the outside: nothing is added to the root namespace.
// Also end to end: `portwarden fix --apply --yes` run inside the server namespace audits it, closes the port, verifies
// it from the ruleset, and `fix --rollback --yes` reopens it; with SSH_CONNECTION naming the port, the guard refuses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFirewall } from '../src/inventory/firewall/read.js';
import { applyCommands } from '../src/remediate/apply.js';
import { rollbackCommands, ruleCommands, setupCommands } from '../src/remediate/firewall.js';
import type { FirewallCommand, FirewallRule, Platform } from '../src/remediate/types.js';
import { readOwnRules, verifyRules } from '../src/remediate/verify.js';
import { bin } from './cli-run.js';
import { createNamespace, labEnabled, linkNamespaces, waitForOutput, type Namespace } from './lab/netns.js';

const enabled = labEnabled('fix: firewall rules applied in a namespace', { needs: ['nft', 'iptables', 'ip6tables'] });

const SERVER4 = '203.0.113.61';
const CLIENT4 = '203.0.113.62';
const OTHER4 = '203.0.113.63';
const SERVER6 = '2001:db8:203::61';
const CLIENT6 = '2001:db8:203::62';
const PORT = 2323;

const LISTENER = `
const net = require('node:net');
for (const port of [${PORT}, 23]) net.createServer((s) => { s.on('error', () => {}); s.end('hi\\n'); }).listen({ port, host: '::' }, () => console.log('listening ' + port));
`;

// Prints "open" when the connection is accepted, "blocked" when nothing answers (dropped), else the error code.
const PROBE = `
const net = require('node:net');
const [host, port, local] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port), ...(local ? { localAddress: local } : {}) });
s.setTimeout(800, () => { console.log('blocked'); process.exit(0); });
s.on('connect', () => { console.log('open'); process.exit(0); });
s.on('error', (e) => { console.log(e.code); process.exit(0); });
`;

describe.runIf(enabled)('fix: firewall commands applied in a namespace', () => {
  let server: Namespace;
  let client: Namespace;
  let state: string;

  beforeAll(async () => {
    server = createNamespace('pw-fixs');
    client = createNamespace('pw-fixc');
    linkNamespaces(server, [SERVER4, SERVER6], client, [CLIENT4, OTHER4, CLIENT6]);
    const listener = server.spawn(process.execPath, ['-e', LISTENER]);
    await waitForOutput(listener, 'listening 23');
    state = mkdtempSync(join(tmpdir(), 'pw-fix-state-'));
  }, 30_000);

  // A failed assertion must not leave rules behind for the next test.
  afterEach(async () => {
    for (const platform of ['nftables', 'iptables'] as const) {
      await applyCommands(rollbackCommands(platform), { run: server.runner({ timeoutMs: 15_000 }) });
    }
  });

  afterAll(() => {
    server.destroy();
    client.destroy();
    rmSync(state, { recursive: true, force: true });
  });

  const probe = (ns: Namespace, host: string, port = PORT, local?: string): string =>
    ns.exec(process.execPath, ['-e', PROBE, host, String(port), ...(local === undefined ? [] : [local])]).trim();
  const fromClient = (port = PORT): string[] => [probe(client, SERVER4, port), probe(client, SERVER6, port)];

  async function verify(platform: Platform, rule: FirewallRule): Promise<string> {
    const run = server.runner({ timeoutMs: 15_000 });
    const [v] = verifyRules(platform, [rule], await readFirewall({ run }), await readOwnRules(platform, run));
    return v?.status ?? 'none';
  }

  async function apply(commands: readonly FirewallCommand[]): Promise<void> {
    const r = await applyCommands(commands, { run: server.runner({ timeoutMs: 15_000 }) });
    expect(r.failure).toBeNull();
    expect(r.ok).toBe(true);
  }

  const rulesOf = (platform: Platform, rule: FirewallRule): FirewallCommand[] => [
    ...setupCommands(platform),
    ...ruleCommands(platform, rule).commands,
  ];

  for (const platform of ['nftables', 'iptables'] as const) {
    it(`${platform}: the rule closes ${PORT} to the network (IPv4 and IPv6), loopback keeps working, rollback reopens`, async () => {
      expect(fromClient()).toEqual(['open', 'open']);
      const rule: FirewallRule = { transport: 'tcp', port: PORT, allowFrom: [] };
      await apply(rulesOf(platform, rule));
      expect(fromClient()).toEqual(['blocked', 'blocked']);
      expect(probe(server, '127.0.0.1')).toBe('open');
      expect(probe(client, SERVER4, 23)).toBe('open'); // only the planned port
      // Verification reads the ruleset back with the audit's reader.
      expect(await verify(platform, rule)).toBe('closed');
      // Applying again changes nothing (every command is skipped or idempotent) and the port stays closed.
      await apply(rulesOf(platform, rule));
      await apply(rollbackCommands(platform));
      expect(fromClient()).toEqual(['open', 'open']);
      expect(await verify(platform, rule)).toBe('open');
      // Rolling back twice is harmless: nothing left to remove.
      await apply(rollbackCommands(platform));
    }, 60_000);

    it(`${platform}: --allow-from keeps the allowed source in and everyone else out`, async () => {
      const rule: FirewallRule = { transport: 'tcp', port: PORT, allowFrom: [`${CLIENT4}/32`] };
      await apply(rulesOf(platform, rule));
      expect(probe(client, SERVER4, PORT, CLIENT4)).toBe('open');
      expect(probe(client, SERVER4, PORT, OTHER4)).toBe('blocked');
      expect(probe(client, SERVER6)).toBe('blocked');
      expect(await verify(platform, rule)).toBe('restricted');
      await apply(rollbackCommands(platform));
      expect(probe(client, SERVER4, PORT, OTHER4)).toBe('open');
      expect(await verify(platform, rule)).toBe('open');
    }, 60_000);
  }

  it('a failing command stops the run and undoes what was applied before it', async () => {
    const good = rulesOf('nftables', { transport: 'tcp', port: PORT, allowFrom: [] });
    const bad: FirewallCommand = {
      dialect: 'posix',
      argv: ['nft', 'add', 'rule', 'inet', 'portwarden', 'input', 'tcp', 'dport', 'notaport', 'drop'],
    };
    const r = await applyCommands([...good, bad], { run: server.runner({ timeoutMs: 15_000 }) });
    expect(r.ok).toBe(false);
    expect(r.failure?.argv).toEqual(bad.argv);
    expect(r.undoFailures).toEqual([]);
    expect(r.commands.filter((c) => c.status === 'undone')).toHaveLength(3);
    expect(server.run('nft', ['list', 'table', 'inet', 'portwarden']).status).not.toBe(0);
    expect(fromClient()).toEqual(['open', 'open']);
  }, 60_000);

  /** `portwarden fix …` inside the server namespace, with a clean environment. */
  function fixCli(
    args: readonly string[],
    env: Record<string, string> = {},
  ): { code: number | null; out: string; err: string } {
    const vars = Object.entries({
      PATH: process.env['PATH'] ?? '',
      LANG: 'C.UTF-8',
      XDG_STATE_HOME: state,
      ...env,
    }).map(([k, v]) => `${k}=${v}`);
    const r = server.run('env', ['-i', ...vars, process.execPath, bin, 'fix', ...args]);
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('end to end: fix --apply --yes closes telnet, verified; fix --rollback --yes reopens it; both recorded', () => {
    expect(probe(client, SERVER4, 23)).toBe('open');
    const applied = fixCli(['--apply', '--yes', '--platform', 'nftables', '--severity', 'low']);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('23/tcp: closed, verified');
    expect(probe(client, SERVER4, 23)).toBe('blocked');
    expect(probe(client, SERVER6, 23)).toBe('blocked');
    const rolled = fixCli(['--rollback', '--yes', '--platform', 'nftables', '--lang', 'zh']);
    expect(rolled.code).toBe(0);
    expect(rolled.out).toContain('已全部删除（已验证）');
    expect(probe(client, SERVER4, 23)).toBe('open');
    const history = readFileSync(join(state, 'portwarden', 'fix-history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(history.map((h) => [h['action'], h['ok']])).toEqual([
      ['apply', true],
      ['rollback', true],
    ]);
    expect(JSON.stringify(history[0]?.['verification'])).toContain('"status":"closed"');
  }, 90_000);

  it('end to end: the SSH guard refuses to close the port the session arrives on', () => {
    const r = fixCli(['--apply', '--yes', '--platform', 'nftables', '--severity', 'low'], {
      SSH_CONNECTION: `${CLIENT4} 40000 ${SERVER4} 23`,
    });
    expect(r.code).toBe(1); // the port stays open
    expect(r.out).toContain('REFUSED:');
    // The other listener's port is still closed; the refused one is never touched.
    expect(r.out).toContain(`${PORT}/tcp: closed, verified`);
    expect(r.out).not.toMatch(/✓ nft add rule .* dport 23 /);
    expect(r.out).toContain(`drop 23/tcp from ${CLIENT4}`);
    expect(probe(client, SERVER4, 23)).toBe('open');
  }, 90_000);
});
