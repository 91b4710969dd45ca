// Verdicts on rulesets captured from real nft and iptables in a network namespace (test/fixtures/firewall/capture.sh).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../../../test/fixtures/firewall/expectations.js';
import { assembleRules, type ToolOutput } from './assemble.js';
import type { FirewallRules, FirewallTool } from './model.js';
import { firewallVerdict } from './verdict.js';

const root = fileURLToPath(new URL('../../../test/fixtures/firewall/', import.meta.url));

const FILES: readonly [FirewallTool, string][] = [
  ['nft', 'nft.json'],
  ['iptables-save', 'iptables-save.txt'],
  ['ip6tables-save', 'ip6tables-save.txt'],
  ['iptables-legacy-save', 'iptables-legacy-save.txt'],
];

/** What readFirewall would have assembled from the scenario's captured outputs. */
export function fixtureRules(scenario: string): FirewallRules {
  const outputs: ToolOutput[] = FILES.filter(([, file]) => existsSync(`${root}${scenario}/${file}`)).map(
    ([tool, file]) => ({
      tool,
      stdout: readFileSync(`${root}${scenario}/${file}`, 'utf8'),
    }),
  );
  return assembleRules(outputs);
}

const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${root}${d.name}/nft.json`))
  .map((d) => d.name);

describe('firewall fixtures', () => {
  it('has expectations for every captured scenario', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual([...scenarios].sort());
  });

  for (const scenario of scenarios) {
    describe(scenario, () => {
      const rules = fixtureRules(scenario);
      it('reads every tool output', () => {
        expect(rules.reads.filter((r) => r.status !== 'ok')).toEqual([]);
      });
      for (const e of EXPECTATIONS[scenario] ?? []) {
        const s = e.socket;
        it(`${s.transport} [${s.address}${s.scope == null ? '' : `%${s.scope}`}]:${s.port} is ${e.verdict}`, () => {
          const answer = firewallVerdict(rules, s);
          expect(answer.verdict).toBe(e.verdict);
          if (typeof e.by === 'string') expect(answer.by).toBe(e.by);
          else if (e.by !== undefined) expect(answer.by).toMatch(e.by);
          if (e.conditional !== undefined) expect(answer.conditional).toEqual(e.conditional);
        });
      }
    });
  }
});
