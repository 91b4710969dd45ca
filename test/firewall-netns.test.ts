// Lab test: load each firewall scenario into a throwaway network namespace, read it with the real tools through an
// injected runner (`ip netns exec NS …`), and check the verdicts the fixtures promise. Needs root, iproute2, nftables
// and iptables; without them it skips loudly, or fails when PORTWARDEN_REQUIRE_LAB=1. The caller's own firewall is
// never touched.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readFirewall } from '../src/inventory/firewall/read.js';
import { firewallVerdict } from '../src/inventory/firewall/verdict.js';
import { EXPECTATIONS } from './fixtures/firewall/expectations.js';
import { createNamespace, labEnabled, warnLabSkipped, type Namespace } from './lab/netns.js';

const root = fileURLToPath(new URL('./fixtures/firewall/', import.meta.url));
const enabled = labEnabled('firewall awareness in a network namespace', {
  needs: ['nft', 'iptables-restore', 'ip6tables-restore'],
});

const namespaces: Namespace[] = [];

afterAll(() => {
  for (const ns of namespaces) ns.destroy();
});

/** A fresh namespace with the scenario's rules loaded; null when the kernel refuses legacy x_tables (see below). */
function loadScenario(scenario: string): Namespace | null {
  const ns = createNamespace('pw-fw');
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
    const r = ns.run(tool, stdin ? [] : ['-f', dir + file], stdin ? readFileSync(dir + file, 'utf8') : undefined);
    if (r.status === 0) continue;
    // Kernels may be built without the legacy x_tables backend; that is the kernel's choice, not a broken lab.
    if (tool === 'iptables-legacy-restore') return null;
    throw new Error(`${tool} ${scenario}: ${`${r.stderr}${r.error?.message ?? ''}`.trim()}`);
  }
  return ns;
}

describe.runIf(enabled)('firewall awareness in a network namespace', () => {
  for (const [scenario, expectations] of Object.entries(EXPECTATIONS)) {
    it(`reads ${scenario} live and answers as the fixtures do`, async () => {
      const ns = loadScenario(scenario);
      if (ns === null) {
        warnLabSkipped(
          `firewall awareness: ${scenario}`,
          'this kernel refuses legacy iptables tables (its choice: never a failure)',
        );
        return;
      }
      const rules = await readFirewall({ run: ns.runner({ timeoutMs: 15_000 }), signal: AbortSignal.timeout(30_000) });
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
    const asNobody = ns.runner({
      timeoutMs: 15_000,
      prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
    });
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
