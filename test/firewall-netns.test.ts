// Lab test: load each firewall scenario into a throwaway network namespace, read it with the real tools through an
// injected runner (`ip netns exec NS …`), and check the verdicts the fixtures promise. Needs root, iproute2, nftables
// and iptables; without them it skips loudly, or fails when PORTWARDEN_REQUIRE_LAB=1. The caller's own firewall is
// never touched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunner, type CommandRunner } from '../src/inventory/exec.js';
import { readFirewall } from '../src/inventory/firewall/read.js';
import { firewallVerdict } from '../src/inventory/firewall/verdict.js';
import { EXPECTATIONS } from './fixtures/firewall/expectations.js';

const root = fileURLToPath(new URL('./fixtures/firewall/', import.meta.url));
const env = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` };
const requireLab = process.env['PORTWARDEN_REQUIRE_LAB'] === '1';

function sh(file: string, args: readonly string[], input?: string): { ok: boolean; err: string } {
  const r = spawnSync(file, args, { env, encoding: 'utf8', timeout: 20_000, ...(input !== undefined && { input }) });
  return { ok: r.status === 0, err: `${r.stderr}${r.error?.message ?? ''}`.trim() };
}

/** Why the lab cannot run here, or null when it can. */
function missingLab(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces and firewall rules need root)';
  for (const [tool, args] of [
    ['ip', ['-V']],
    ['nft', ['--version']],
    ['iptables-restore', ['--version']],
    ['ip6tables-restore', ['--version']],
  ] as const) {
    if (!sh(tool, args).ok) return `${tool} is not installed (Debian packages: iproute2 nftables iptables)`;
  }
  return null;
}

const reason = missingLab();
if (reason !== null && !requireLab) {
  console.warn(
    `\n⚠ SKIPPING the firewall namespace lab test: ${reason}. Set PORTWARDEN_REQUIRE_LAB=1 to make this a failure.\n`,
  );
}

const namespaces: string[] = [];

afterAll(() => {
  for (const ns of namespaces) sh('ip', ['netns', 'del', ns]);
});

/** A fresh namespace with the scenario's rules loaded; null when the kernel refuses legacy x_tables (see below). */
function loadScenario(scenario: string): string | null {
  const ns = `pw-fw-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const add = sh('ip', ['netns', 'add', ns]);
  if (!add.ok) throw new Error(`ip netns add ${ns}: ${add.err}`);
  namespaces.push(ns);
  const dir = `${root}${scenario}/`;
  const steps: [string, string, boolean][] = [
    ['ruleset.nft', 'nft', false],
    ['iptables.rules', 'iptables-restore', true],
    ['ip6tables.rules', 'ip6tables-restore', true],
    ['iptables-legacy.rules', 'iptables-legacy-restore', true],
  ];
  for (const [file, tool, stdin] of steps) {
    if (!existsSync(dir + file)) continue;
    const args = ['netns', 'exec', ns, tool, ...(stdin ? [] : ['-f', dir + file])];
    const r = sh('ip', args, stdin ? readFileSync(dir + file, 'utf8') : undefined);
    if (r.ok) continue;
    // Kernels may be built without the legacy x_tables backend; that is the kernel's choice, not a broken lab.
    if (tool === 'iptables-legacy-restore') return null;
    throw new Error(`${tool} ${scenario}: ${r.err}`);
  }
  return ns;
}

/** Run every tool inside the namespace. */
function inNamespace(ns: string): CommandRunner {
  const run = createRunner({ timeoutMs: 15_000 });
  return (file, args, signal) => run('ip', ['netns', 'exec', ns, file, ...args], signal);
}

describe.skipIf(reason !== null && !requireLab)('firewall awareness in a network namespace', () => {
  if (reason !== null) {
    it('has its lab (PORTWARDEN_REQUIRE_LAB=1)', () => {
      expect.fail(`the firewall lab cannot run: ${reason}`);
    });
    return;
  }

  for (const [scenario, expectations] of Object.entries(EXPECTATIONS)) {
    it(`reads ${scenario} live and answers as the fixtures do`, async () => {
      const ns = loadScenario(scenario);
      if (ns === null) {
        console.warn(`⚠ ${scenario}: this kernel refuses legacy iptables tables; scenario skipped.`);
        return;
      }
      const rules = await readFirewall({ run: inNamespace(ns), signal: AbortSignal.timeout(30_000) });
      expect(rules.reads.filter((r) => r.status !== 'ok')).toEqual([]);
      for (const e of expectations) {
        const answer = firewallVerdict(rules, e.socket);
        const where = `${scenario} ${e.socket.transport} [${e.socket.address}]:${e.socket.port}`;
        expect(answer.verdict, where).toBe(e.verdict);
        if (typeof e.by === 'string') expect(answer.by, where).toBe(e.by);
        else if (e.by !== undefined) expect(answer.by, where).toMatch(e.by);
        if (e.conditional !== undefined) expect(answer.conditional, where).toEqual(e.conditional);
      }
    });
  }

  it('reports "permission" for a user without root inside the namespace', async () => {
    const ns = loadScenario('nft-drop-telnet');
    if (ns === null) throw new Error('unreachable: no legacy rules in this scenario');
    const run = createRunner({ timeoutMs: 15_000 });
    const asNobody: CommandRunner = (file, args, signal) =>
      run(
        'ip',
        ['netns', 'exec', ns, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', file, ...args],
        signal,
      );
    const rules = await readFirewall({ run: asNobody });
    expect(rules.reads.map((r) => [r.tool, r.status])).toEqual([
      ['nft', 'permission'],
      ['iptables-save', 'permission'],
      ['ip6tables-save', 'permission'],
    ]);
    expect(firewallVerdict(rules, { transport: 'tcp', family: 4, address: '0.0.0.0', port: 23 }).verdict).toBe(
      'unknown',
    );
  });
});
