import { describe, expect, it } from 'vitest';
import { toolRead } from './assemble.js';
import type { Action, Cond, FirewallRules, InputChain, Rule, Table, ToolRead } from './model.js';
import { firewallVerdict } from './verdict.js';

const port = (p: number): Cond => ({ kind: 'dport', ranges: [[p, p]], negate: false });
const saddr: Cond = { kind: 'opaque', what: 'ip saddr' };
const accept: Action = { kind: 'accept' };
const drop: Action = { kind: 'drop' };
const rule = (text: string, conds: Cond[], action: Action): Rule => ({ text, conds, action });

function table(
  name: string,
  chains: Record<string, Rule[]>,
  inputs: InputChain[],
  families: (4 | 6)[] = [4, 6],
): Table {
  return {
    source: 'nftables',
    family: 'inet',
    name,
    label: `nft inet ${name}`,
    families,
    chains: new Map(Object.entries(chains)),
    inputs,
  };
}
const input = (policy: 'accept' | 'drop', priority = 0): InputChain => ({ chain: 'input', priority, policy });
const rules = (tables: Table[], reads: ToolRead[] = [toolRead('nft', 'ok')]): FirewallRules => ({ tables, reads });
const tcp4 = (p: number, address = '0.0.0.0') => ({ transport: 'tcp' as const, family: 4 as const, address, port: p });
const tcp6 = (p: number, address = '::') => ({ transport: 'tcp' as const, family: 6 as const, address, port: p });

describe('firewallVerdict across chains and tables', () => {
  it('lets a drop in any input chain decide, whatever the priorities', () => {
    const early = table('early', { input: [rule('tcp dport 22 accept', [port(22)], accept)] }, [input('accept', -10)]);
    const late = table('late', { input: [rule('tcp dport 22 drop', [port(22)], drop)] }, [input('accept', 10)]);
    expect(firewallVerdict(rules([early, late]), tcp4(22))).toMatchObject({
      verdict: 'blocked',
      by: 'nft inet late input: tcp dport 22 drop',
    });
  });

  it('names an accepting rule rather than a policy when several chains accept', () => {
    const quiet = table('quiet', { input: [] }, [input('accept', -10)]);
    const explicit = table('explicit', { input: [rule('tcp dport 22 accept', [port(22)], accept)] }, [
      input('drop', 0),
    ]);
    expect(firewallVerdict(rules([quiet, explicit]), tcp4(22)).by).toBe('nft inet explicit input: tcp dport 22 accept');
  });

  it('counts a conditional accept only when every chain can accept', () => {
    const a = table('a', { input: [rule('ip saddr 10.0.0.0/8 accept', [saddr], accept)] }, [input('drop')]);
    const b = table('b', { input: [] }, [input('drop', 5)]);
    expect(firewallVerdict(rules([a, b]), tcp4(80))).toMatchObject({ verdict: 'blocked', conditional: [] });
    const c = table('c', { input: [rule('iifname "eth1" accept', [saddr], accept)] }, [input('drop', 5)]);
    expect(firewallVerdict(rules([a, c]), tcp4(80)).verdict).toBe('restricted');
  });

  it('follows a conditional jump into its chain and reports the way there', () => {
    const t = table(
      't',
      {
        input: [rule('ip saddr @trusted jump trusted', [saddr], { kind: 'jump', target: 'trusted' })],
        trusted: [rule('tcp dport 5432 accept', [port(5432)], accept)],
      },
      [input('drop')],
    );
    expect(firewallVerdict(rules([t]), tcp4(5432))).toMatchObject({
      verdict: 'restricted',
      by: 'nft inet t input: policy drop',
      conditional: ['nft inet t input: ip saddr @trusted jump trusted → nft inet t trusted: tcp dport 5432 accept'],
    });
    expect(firewallVerdict(rules([t]), tcp4(5433))).toMatchObject({ verdict: 'blocked', conditional: [] });
  });

  it('follows a conditional return past the rest of the chain', () => {
    const t = table(
      't',
      {
        input: [
          rule('jump guard', [], { kind: 'jump', target: 'guard' }),
          rule('tcp dport 80 accept', [port(80)], accept),
        ],
        guard: [rule('ip saddr 10.0.0.0/8 return', [saddr], { kind: 'return' }), rule('drop', [], drop)],
      },
      [input('drop')],
    );
    expect(firewallVerdict(rules([t]), tcp4(80))).toMatchObject({
      verdict: 'restricted',
      by: 'nft inet t guard: drop',
      conditional: ['nft inet t guard: ip saddr 10.0.0.0/8 return → nft inet t input: tcp dport 80 accept'],
    });
  });
});

describe('firewallVerdict on large rulesets', () => {
  it('follows many undecidable jumps without re-walking what follows them', () => {
    const chains: Record<string, Rule[]> = { input: [], log: [rule('log', [saddr], { kind: 'none' })] };
    for (let i = 0; i < 200; i++) {
      chains['input']?.push(rule(`ip saddr @s${i} jump c${i}`, [saddr], { kind: 'jump', target: `c${i}` }));
      chains[`c${i}`] = [rule('limit rate 1/second jump log', [saddr], { kind: 'jump', target: 'log' })];
    }
    chains['input']?.push(rule('tcp dport 22 accept', [port(22)], accept));
    const t = table('big', chains, [input('drop')]);
    const started = Date.now();
    expect(firewallVerdict(rules([t]), tcp4(22))).toMatchObject({ verdict: 'allowed', conditional: [] });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('firewallVerdict when the firewall could not be read', () => {
  const drop23 = table('f', { input: [rule('tcp dport 23 drop', [port(23)], drop)] }, [input('accept')]);

  it('is unknown when nothing could be read, and says why', () => {
    const reads = [
      toolRead('nft', 'permission', 'Operation not permitted'),
      toolRead('iptables-save', 'permission'),
      toolRead('ip6tables-save', 'permission'),
    ];
    expect(firewallVerdict(rules([], reads), tcp4(22))).toEqual({
      verdict: 'unknown',
      by: 'nft: permission denied (run as root to read the firewall)',
      source: 'nftables',
      conditional: [],
    });
  });

  it('still reports a block from what was read, and unknown for the rest', () => {
    const reads = [toolRead('nft', 'ok'), toolRead('iptables-save', 'timeout'), toolRead('ip6tables-save', 'ok')];
    expect(firewallVerdict(rules([drop23], reads), tcp4(23)).verdict).toBe('blocked');
    expect(firewallVerdict(rules([drop23], reads), tcp4(22))).toMatchObject({
      verdict: 'unknown',
      by: 'iptables-save: did not answer in time',
    });
    expect(firewallVerdict(rules([drop23], reads), tcp6(22, '2001:db8::1')).verdict).toBe('allowed');
  });

  it('is unknown when no tool is installed, allowed when the tools ran and found no input chain', () => {
    const none = [
      toolRead('nft', 'not-installed'),
      toolRead('iptables-save', 'not-installed'),
      toolRead('ip6tables-save', 'not-installed'),
    ];
    expect(firewallVerdict(rules([], none), tcp4(22))).toMatchObject({
      verdict: 'unknown',
      by: 'no firewall tool found (nft, iptables-save)',
      source: null,
    });
    const nftOnly = [
      toolRead('nft', 'ok'),
      toolRead('iptables-save', 'not-installed'),
      toolRead('ip6tables-save', 'not-installed'),
    ];
    expect(firewallVerdict(rules([], nftOnly), tcp4(22))).toMatchObject({
      verdict: 'allowed',
      by: 'no firewall input chain for IPv4',
      source: null,
    });
  });

  it('lists an unreadable IPv4 side of a dual-stack socket as conditional', () => {
    const reads = [
      toolRead('nft', 'not-installed'),
      toolRead('iptables-save', 'permission'),
      toolRead('ip6tables-save', 'ok'),
    ];
    expect(firewallVerdict(rules([], reads), tcp6(22))).toMatchObject({
      verdict: 'allowed',
      conditional: [
        'IPv4 to this dual-stack socket → iptables-save: permission denied (run as root to read the firewall)',
      ],
    });
  });
});
