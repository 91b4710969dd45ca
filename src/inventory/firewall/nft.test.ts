import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleRules } from './assemble.js';
import type { FirewallRules } from './model.js';
import { parseNftRuleset } from './nft.js';
import { firewallVerdict } from './verdict.js';

const fixture = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/firewall/${path}`, import.meta.url)), 'utf8');

const dport = (protocol: string, right: unknown): unknown => ({
  match: { op: '==', left: { payload: { protocol, field: 'dport' } }, right },
});

/** A one-table ruleset in nft's JSON shape: chain name → statements lists; 'input' hooks input. */
function ruleset(chains: Record<string, unknown[][]>, extra: unknown[] = [], policy = 'accept'): string {
  const items: unknown[] = [{ table: { family: 'inet', name: 't', handle: 1 } }, ...extra];
  for (const [name, rules] of Object.entries(chains)) {
    const hook = name === 'input' ? { type: 'filter', hook: 'input', prio: 0, policy } : {};
    items.push({ chain: { family: 'inet', table: 't', name, handle: 1, ...hook } });
    for (const expr of rules) items.push({ rule: { family: 'inet', table: 't', chain: name, handle: 2, expr } });
  }
  return JSON.stringify({ nftables: [{ metainfo: { json_schema_version: 1 } }, ...items] });
}

const rulesOf = (json: string): FirewallRules => assembleRules([{ tool: 'nft', stdout: json }]);
const tcp = (port: number, address = '0.0.0.0') => ({ transport: 'tcp' as const, family: 4 as const, address, port });

describe('parseNftRuleset', () => {
  it('keeps ip, ip6 and inet tables and finds their filter chains on the input hook', () => {
    const tables = parseNftRuleset(fixture('nft-families/nft.json'));
    expect(tables.map((t) => [t.label, t.families, t.inputs])).toEqual([
      ['nft ip v4only', [4], [{ chain: 'input', priority: 0, policy: 'accept' }]],
      ['nft ip6 v6only', [6], [{ chain: 'input', priority: 0, policy: 'accept' }]],
      ['nft inet both', [4, 6], [{ chain: 'input', priority: 10, policy: 'accept' }]],
    ]);
  });

  it('ignores netdev tables and nat chains, and accepts named priorities', () => {
    const json = JSON.stringify({
      nftables: [
        { table: { family: 'netdev', name: 'nd' } },
        {
          chain: {
            family: 'netdev',
            table: 'nd',
            name: 'ing',
            type: 'filter',
            hook: 'ingress',
            prio: 0,
            policy: 'drop',
          },
        },
        { table: { family: 'ip', name: 'nat' } },
        { chain: { family: 'ip', table: 'nat', name: 'in', type: 'nat', hook: 'input', prio: 100 } },
        { table: { family: 'ip', name: 'f' } },
        { chain: { family: 'ip', table: 'f', name: 'in', type: 'filter', hook: 'input', prio: 'security' } },
      ],
    });
    expect(parseNftRuleset(json).flatMap((t) => t.inputs)).toEqual([{ chain: 'in', priority: 50, policy: 'accept' }]);
  });

  it('refuses text that is not nft JSON', () => {
    expect(() => parseNftRuleset('table inet filter {')).toThrow();
    expect(() => parseNftRuleset('{"tables": []}')).toThrow(/nftables/);
  });

  it('reads negations and comparisons of ports', () => {
    const rules = rulesOf(
      ruleset(
        {
          input: [
            [
              { match: { op: '!=', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: { set: [22, 80] } } },
              { drop: null },
            ],
            [
              { match: { op: '<', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 80 } },
              { accept: null },
            ],
          ],
        },
        [],
        'drop',
      ),
    );
    expect(firewallVerdict(rules, tcp(443)).by).toBe('nft inet t input: tcp dport != { 22, 80 } drop');
    expect(firewallVerdict(rules, tcp(22)).by).toBe('nft inet t input: tcp dport < 80 accept');
    expect(firewallVerdict(rules, tcp(80)).by).toBe('nft inet t input: policy drop');
  });

  it('treats a dynamic set as undecidable and a constant one by its elements', () => {
    const sets = [
      { set: { family: 'inet', table: 't', name: 'dyn', type: 'inet_service', flags: ['dynamic'], elem: [22] } },
      { set: { family: 'inet', table: 't', name: 'const', type: 'inet_service', elem: [{ range: [20, 30] }] } },
    ];
    const rules = rulesOf(
      ruleset(
        {
          input: [
            [dport('tcp', '@dyn'), { accept: null }],
            [dport('tcp', '@const'), { accept: null }],
          ],
        },
        sets,
        'drop',
      ),
    );
    expect(firewallVerdict(rules, tcp(22))).toMatchObject({
      verdict: 'allowed',
      by: 'nft inet t input: tcp dport @const accept',
    });
    expect(firewallVerdict(rules, tcp(40))).toMatchObject({
      verdict: 'restricted',
      conditional: ['nft inet t input: tcp dport @dyn accept'],
    });
  });
});

describe('verdicts that cannot be followed', () => {
  it('says unknown for a queue to user space, a missing chain and a jump loop', () => {
    const queued = rulesOf(ruleset({ input: [[dport('tcp', 22), { queue: { num: 1 } }]] }));
    expect(firewallVerdict(queued, tcp(22))).toMatchObject({
      verdict: 'unknown',
      by: 'nft inet t input: tcp dport 22 queue num 1',
    });
    expect(firewallVerdict(queued, tcp(23)).verdict).toBe('allowed');

    const missing = rulesOf(ruleset({ input: [[{ jump: { target: 'gone' } }]] }));
    expect(firewallVerdict(missing, tcp(22))).toMatchObject({
      verdict: 'unknown',
      by: 'nft inet t: chain gone not found',
    });

    const loop = rulesOf(ruleset({ input: [[{ jump: { target: 'a' } }]], a: [[{ jump: { target: 'a' } }]] }));
    expect(firewallVerdict(loop, tcp(22))).toMatchObject({ verdict: 'unknown', by: /jumps nested too deep$/ });
  });

  it('reads iptables-nft tables from nft alone as opaque compat expressions, and prefers iptables-save when both exist', () => {
    const nftOnly = rulesOf(fixture('iptables-policy-drop/nft.json'));
    // `xt match conntrack accept` may accept anything; `xt target REJECT` is a verdict nft's JSON does not spell out.
    expect(firewallVerdict(nftOnly, tcp(9999)).verdict).toBe('restricted');
    expect(firewallVerdict(nftOnly, tcp(23)).verdict).toBe('unknown');
    const both = assembleRules([
      { tool: 'nft', stdout: fixture('iptables-policy-drop/nft.json') },
      { tool: 'iptables-save', stdout: fixture('iptables-policy-drop/iptables-save.txt') },
      { tool: 'ip6tables-save', stdout: fixture('iptables-policy-drop/ip6tables-save.txt') },
    ]);
    expect(both.tables.map((t) => t.label)).toEqual(['iptables filter', 'ip6tables filter']);
    expect(firewallVerdict(both, tcp(9999)).verdict).toBe('blocked');
  });
});
