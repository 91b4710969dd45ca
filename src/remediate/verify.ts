/**
 * Proving a fix from the firewall as it now is. Two readings, both live:
 * - the whole ruleset, read with the audit's own reader, judged as a new connection from the network would be (every
 *   table, so a rule of someone else's that accepts first would show);
 * - portwarden's own rules read back (`nft -j list table inet portwarden`, `iptables -S PORTWARDEN`), counted per port.
 * A port to close is "closed, verified" when the ruleset drops it for IPv4 and IPv6. A port restricted to
 * --allow-from ranges is "restricted, verified" when every one of its rules is back in place and neither family is
 * judged plainly open by a rule outside portwarden's (the static reader cannot evaluate negated source sets, so it may
 * call such a port restricted or allowed). A probe from this machine could not prove either: traffic to its own
 * addresses travels over lo, which portwarden's rules deliberately spare.
 */
import type { CommandRunner } from '../inventory/exec.js';
import type { FirewallRules } from '../inventory/firewall/model.js';
import { firewallVerdict } from '../inventory/firewall/verdict.js';
import { runTool } from './apply.js';
import { IPT_CHAIN, NFT_TABLE, ruleCommands, ruleLabel } from './firewall.js';
import type { FirewallRule, Platform } from './types.js';

export interface FamilyVerdict {
  readonly family: 4 | 6;
  readonly verdict: string;
  /** The rule or policy that decides, as the reader renders it. */
  readonly by: string;
}

export interface Verification {
  readonly rule: FirewallRule;
  /** closed: new connections from the network are dropped; restricted: only the allowed sources get through; open. */
  readonly status: 'closed' | 'restricted' | 'open';
  readonly families: readonly FamilyVerdict[];
  /** portwarden's rules for this port found in the firewall, and how many the plan adds. */
  readonly found: number;
  readonly expected: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Count portwarden's rules per port label in `nft -j list table inet portwarden` output (by their comment).
 * @example countNftRules('{"nftables":[{"rule":{"comment":"portwarden 23/tcp"}}]}').get('23/tcp') // 1
 */
export function countNftRules(json: string): Map<string, number> {
  const out = new Map<string, number>();
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return out;
  }
  const items = isObject(doc) && Array.isArray(doc['nftables']) ? (doc['nftables'] as unknown[]) : [];
  for (const item of items) {
    const rule = isObject(item) ? item['rule'] : undefined;
    const comment = isObject(rule) ? rule['comment'] : undefined;
    const m = typeof comment === 'string' ? /^portwarden (\d+\/(?:tcp|udp))$/.exec(comment) : null;
    if (m !== null) out.set(m[1] as string, (out.get(m[1] as string) ?? 0) + 1);
  }
  return out;
}

/**
 * Count portwarden's rules per port label in `iptables -S PORTWARDEN` output (both families concatenated).
 * @example countIptablesRules('-A PORTWARDEN ! -i lo -p tcp -m tcp --dport 23 -m comment --comment "portwarden 23/tcp" -j DROP').get('23/tcp') // 1
 */
export function countIptablesRules(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^-A PORTWARDEN .*--comment "?portwarden (\d+\/(?:tcp|udp))"?/.exec(line);
    if (m !== null) out.set(m[1] as string, (out.get(m[1] as string) ?? 0) + 1);
  }
  return out;
}

/** Read portwarden's own rules back (nftables or iptables); an empty map when there are none. */
export async function readOwnRules(platform: Platform, run: CommandRunner): Promise<Map<string, number>> {
  if (platform === 'nftables') {
    const r = await runTool(run, ['nft', '-j', 'list', 'table', 'inet', NFT_TABLE]);
    return r.exitCode === 0 ? countNftRules(r.stdout) : new Map();
  }
  let text = '';
  for (const tool of ['iptables', 'ip6tables']) {
    const r = await runTool(run, [tool, '-w', '-S', IPT_CHAIN]);
    if (r.exitCode === 0) text += r.stdout;
  }
  return countIptablesRules(text);
}

/**
 * Judge each rule's port from the ruleset and portwarden's own rules, both read after applying (or rolling back).
 * @example verifyRules('nftables', rules, await readFirewall(), await readOwnRules('nftables', run))[0].status // 'closed'
 */
export function verifyRules(
  platform: Platform,
  rules: readonly FirewallRule[],
  ruleset: FirewallRules,
  own: ReadonlyMap<string, number>,
): Verification[] {
  return rules.map((rule) => {
    const families = ([4, 6] as const).map((family): FamilyVerdict => {
      const answer = firewallVerdict(ruleset, {
        transport: rule.transport,
        family,
        address: family === 4 ? '0.0.0.0' : '::',
        port: rule.port,
      });
      return { family, verdict: answer.verdict, by: answer.by };
    });
    const expected = ruleCommands(platform, rule).commands.length;
    const found = own.get(ruleLabel(rule)) ?? 0;
    const openElsewhere = families.some(
      (f) => f.verdict === 'allowed' && !f.by.includes(NFT_TABLE) && !f.by.includes(IPT_CHAIN),
    );
    const status =
      rule.allowFrom.length === 0
        ? families.every((f) => f.verdict === 'blocked')
          ? 'closed'
          : 'open'
        : found >= expected && !openElsewhere
          ? 'restricted'
          : 'open';
    return { rule, status, families, found, expected };
  });
}
