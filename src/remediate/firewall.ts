/**
 * Firewall commands per platform, as argument vectors. Every platform gets the same intent: drop new connections to
 * one port from the network (never over loopback, so local clients keep working), or from every source outside the
 * `--allow-from` ranges. portwarden's rules live in a place of their own — nftables table `inet portwarden`,
 * iptables chain `PORTWARDEN`, pf anchor `portwarden`, Windows rule group `portwarden` — so they are easy to list
 * and to remove in one go.
 */
import { complementRanges, parseCidr, type Cidr } from './cidr.js';
import type { Command, FirewallCommand, FirewallRule, Platform } from './types.js';

export const NFT_TABLE = 'portwarden';
export const IPT_CHAIN = 'PORTWARDEN';
export const PF_ANCHOR = 'portwarden';
export const PF_ANCHOR_FILE = '/etc/pf.anchors/portwarden';

/** What one rule needs on a platform: commands, or lines for a rules file (pf) and the commands that load it. */
export interface RuleRendering {
  readonly commands: readonly FirewallCommand[];
  readonly file?: { readonly path: string; readonly lines: readonly string[] };
  /** The commands are alternatives (Windows: netsh or PowerShell), not a sequence. */
  readonly alternatives?: boolean;
}

const posix = (argv: readonly string[], extra: Omit<FirewallCommand, 'dialect' | 'argv'> = {}): FirewallCommand => ({
  dialect: 'posix',
  argv,
  ...extra,
});

function cidrs(rule: FirewallRule): Cidr[] {
  return rule.allowFrom.map((text) => {
    const c = parseCidr(text);
    if (c === null) throw new Error(`not a network: ${text}`);
    return c;
  });
}

/** A label for comments and rule names: '23/tcp'. */
export const ruleLabel = (rule: FirewallRule): string => `${rule.port}/${rule.transport}`;

// ---- nftables -------------------------------------------------------------------------------------------------

function nftSet(list: readonly Cidr[]): string {
  return list.length === 1 ? (list[0] as Cidr).text : `{ ${list.map((c) => c.text).join(', ')} }`;
}

function nftRules(rule: FirewallRule): string[][] {
  const all = cidrs(rule);
  const v4 = all.filter((c) => c.family === 4);
  const v6 = all.filter((c) => c.family === 6);
  const l4 = [rule.transport, 'dport', String(rule.port)];
  const tail = ['drop', 'comment', `"portwarden ${ruleLabel(rule)}"`];
  const head = ['iifname', '!=', 'lo'];
  if (all.length === 0) return [[...head, ...l4, ...tail]];
  // `ip saddr` only matches IPv4 packets, so each family gets its own rule; a family with no allowed range is
  // dropped whole.
  return [
    v4.length > 0
      ? [...head, 'ip', 'saddr', '!=', nftSet(v4), ...l4, ...tail]
      : [...head, 'meta', 'nfproto', 'ipv4', ...l4, ...tail],
    v6.length > 0
      ? [...head, 'ip6', 'saddr', '!=', nftSet(v6), ...l4, ...tail]
      : [...head, 'meta', 'nfproto', 'ipv6', ...l4, ...tail],
  ];
}

// ---- iptables / ip6tables -------------------------------------------------------------------------------------

const IPT_TOOLS = [
  ['iptables', 4],
  ['ip6tables', 6],
] as const;

function iptRules(rule: FirewallRule): FirewallCommand[] {
  const all = cidrs(rule);
  const out: FirewallCommand[] = [];
  const match = [
    '-p',
    rule.transport,
    '--dport',
    String(rule.port),
    '-m',
    'comment',
    '--comment',
    `portwarden ${ruleLabel(rule)}`,
  ];
  for (const [tool, family] of IPT_TOOLS) {
    // Allowed sources RETURN to INPUT (whose own rules still apply); everything else from the network is dropped.
    const specs = [
      ...all.filter((c) => c.family === family).map((c) => ['-s', c.text, ...match, '-j', 'RETURN']),
      ['!', '-i', 'lo', ...match, '-j', 'DROP'],
    ];
    for (const spec of specs) {
      out.push(
        posix([tool, '-w', '-A', IPT_CHAIN, ...spec], {
          skipIf: [tool, '-w', '-C', IPT_CHAIN, ...spec],
          undo: [tool, '-w', '-D', IPT_CHAIN, ...spec],
        }),
      );
    }
  }
  return out;
}

// ---- ufw ------------------------------------------------------------------------------------------------------

function ufwRules(rule: FirewallRule): FirewallCommand[] {
  const port = ['proto', rule.transport, 'to', 'any', 'port', String(rule.port)];
  const comment = ['comment', `portwarden ${ruleLabel(rule)}`];
  // ufw takes the first matching rule: prepend the deny, then prepend the allows so they come before it.
  return [
    posix(['ufw', 'prepend', 'deny', ...port, ...comment], { undo: ['ufw', 'delete', 'deny', ...port] }),
    ...cidrs(rule).map((c) =>
      posix(
        [
          'ufw',
          'prepend',
          'allow',
          'proto',
          rule.transport,
          'from',
          c.text,
          'to',
          'any',
          'port',
          String(rule.port),
          ...comment,
        ],
        {
          undo: [
            'ufw',
            'delete',
            'allow',
            'proto',
            rule.transport,
            'from',
            c.text,
            'to',
            'any',
            'port',
            String(rule.port),
          ],
        },
      ),
    ),
  ];
}

// ---- firewalld ------------------------------------------------------------------------------------------------

function firewalldRichRules(rule: FirewallRule): string[] {
  const port = `port port="${rule.port}" protocol="${rule.transport}"`;
  // Priorities order rich rules (firewalld 0.9+): the allowed sources are accepted before the drop.
  const allows = cidrs(rule).map(
    (c) => `rule priority="-101" family="ipv${c.family}" source address="${c.text}" ${port} accept`,
  );
  const drops = ['ipv4', 'ipv6'].map((f) => `rule priority="-100" family="${f}" ${port} drop`);
  return [...allows, ...drops];
}

function firewalldRules(rule: FirewallRule): FirewallCommand[] {
  return [
    ...firewalldRichRules(rule).map((r) =>
      posix(['firewall-cmd', '--permanent', `--add-rich-rule=${r}`], {
        undo: ['firewall-cmd', '--permanent', `--remove-rich-rule=${r}`],
      }),
    ),
    // A port opened by hand (--add-port) would stay open to the zone's sources: take it out too.
    posix(['firewall-cmd', '--permanent', `--remove-port=${ruleLabel(rule)}`]),
  ];
}

// ---- Windows --------------------------------------------------------------------------------------------------

const ALL_V6 = complementRanges(6, []);

function windowsRemote(rule: FirewallRule): string[] | null {
  const all = cidrs(rule);
  if (all.length === 0) return null;
  const v6 = all.some((c) => c.family === 6) ? complementRanges(6, all) : ALL_V6;
  return [...complementRanges(4, all), ...v6];
}

export const windowsRuleName = (rule: FirewallRule): string =>
  `portwarden: block ${rule.transport.toUpperCase()} ${rule.port}`;

function windowsRules(rule: FirewallRule): FirewallCommand[] {
  const name = windowsRuleName(rule);
  const proto = rule.transport.toUpperCase();
  const remote = windowsRemote(rule);
  const netsh: FirewallCommand = {
    dialect: 'cmd',
    argv: [
      'netsh',
      'advfirewall',
      'firewall',
      'add',
      'rule',
      `name=${name}`,
      'dir=in',
      'action=block',
      `protocol=${proto}`,
      `localport=${rule.port}`,
      ...(remote === null ? [] : [`remoteip=${remote.join(',')}`]),
    ],
    undo: ['netsh', 'advfirewall', 'firewall', 'delete', 'rule', `name=${name}`],
  };
  const powershell: FirewallCommand = {
    dialect: 'powershell',
    argv: [
      'New-NetFirewallRule',
      '-DisplayName',
      name,
      '-Group',
      'portwarden',
      '-Direction',
      'Inbound',
      '-Action',
      'Block',
      '-Protocol',
      proto,
      '-LocalPort',
      String(rule.port),
      ...(remote === null ? [] : ['-RemoteAddress', remote.join(',')]),
    ],
    undo: ['Remove-NetFirewallRule', '-DisplayName', name],
  };
  return [netsh, powershell];
}

// ---- macOS pf -------------------------------------------------------------------------------------------------

function pfLines(rule: FirewallRule): string[] {
  const list = cidrs(rule);
  const to = `proto ${rule.transport} to any port ${rule.port}`;
  if (list.length === 0) return [`block drop in quick on ! lo0 ${to}`];
  // A negated table, not a negated list: pf ORs the members of `! { a, b }`, which matches every address.
  const table = `pw_allow_${rule.transport}_${rule.port}`;
  return [
    `table <${table}> { ${list.map((c) => c.text).join(', ')} }`,
    `block drop in quick on ! lo0 ${to.replace('to any', `from ! <${table}> to any`)}`,
  ];
}

// ---- per platform ---------------------------------------------------------------------------------------------

/**
 * The commands that create portwarden's own table or chain (each skipped when it already exists).
 * @example setupCommands('nftables')[0].argv // ['nft', 'add', 'table', 'inet', 'portwarden']
 */
export function setupCommands(platform: Platform): FirewallCommand[] {
  switch (platform) {
    case 'nftables':
      return [
        posix(['nft', 'add', 'table', 'inet', NFT_TABLE], { skipIf: ['nft', 'list', 'table', 'inet', NFT_TABLE] }),
        // Priority -10: before the usual filter chains (0), so no accept of theirs runs first for these ports.
        posix(
          [
            'nft',
            'add',
            'chain',
            'inet',
            NFT_TABLE,
            'input',
            '{ type filter hook input priority -10; policy accept; }',
          ],
          {
            skipIf: ['nft', 'list', 'chain', 'inet', NFT_TABLE, 'input'],
          },
        ),
      ];
    case 'iptables':
      return IPT_TOOLS.flatMap(([tool]) => [
        posix([tool, '-w', '-N', IPT_CHAIN], {
          skipIf: [tool, '-w', '-S', IPT_CHAIN],
          undo: [tool, '-w', '-X', IPT_CHAIN],
        }),
        posix([tool, '-w', '-I', 'INPUT', '1', '-j', IPT_CHAIN], {
          skipIf: [tool, '-w', '-C', 'INPUT', '-j', IPT_CHAIN],
          undo: [tool, '-w', '-D', 'INPUT', '-j', IPT_CHAIN],
        }),
      ]);
    default:
      return [];
  }
}

/**
 * The commands (or rules-file lines) for one rule.
 * @example ruleCommands('iptables', { transport: 'tcp', port: 23, allowFrom: [] }).commands.length // 2 (IPv4, IPv6)
 */
export function ruleCommands(platform: Platform, rule: FirewallRule): RuleRendering {
  switch (platform) {
    case 'nftables':
      return { commands: nftRules(rule).map((r) => posix(['nft', 'add', 'rule', 'inet', NFT_TABLE, 'input', ...r])) };
    case 'iptables':
      return { commands: iptRules(rule) };
    case 'ufw':
      return { commands: ufwRules(rule) };
    case 'firewalld':
      return { commands: firewalldRules(rule) };
    case 'windows':
      return { commands: windowsRules(rule), alternatives: true };
    case 'pf':
      return {
        file: { path: PF_ANCHOR_FILE, lines: pfLines(rule) },
        commands: [posix(['pfctl', '-a', PF_ANCHOR, '-f', PF_ANCHOR_FILE]), posix(['pfctl', '-E'])],
      };
  }
}

/** Commands to run once after all rules (firewalld's permanent rules take effect on reload). */
export function finishCommands(platform: Platform): Command[] {
  return platform === 'firewalld' ? [posix(['firewall-cmd', '--reload'])] : [];
}

/**
 * The commands that remove everything portwarden added (each runs only when there is something to remove).
 * @example rollbackCommands('nftables')[0].argv // ['nft', 'delete', 'table', 'inet', 'portwarden']
 */
export function rollbackCommands(platform: Platform, rules: readonly FirewallRule[] = []): FirewallCommand[] {
  switch (platform) {
    case 'nftables':
      return [
        posix(['nft', 'delete', 'table', 'inet', NFT_TABLE], { onlyIf: ['nft', 'list', 'table', 'inet', NFT_TABLE] }),
      ];
    case 'iptables':
      return IPT_TOOLS.flatMap(([tool]) => [
        posix([tool, '-w', '-D', 'INPUT', '-j', IPT_CHAIN], { onlyIf: [tool, '-w', '-C', 'INPUT', '-j', IPT_CHAIN] }),
        posix([tool, '-w', '-F', IPT_CHAIN], { onlyIf: [tool, '-w', '-S', IPT_CHAIN] }),
        posix([tool, '-w', '-X', IPT_CHAIN], { onlyIf: [tool, '-w', '-S', IPT_CHAIN] }),
      ]);
    case 'windows':
      return [{ dialect: 'powershell', argv: ['Remove-NetFirewallRule', '-Group', 'portwarden'] }];
    case 'pf':
      return [posix(['pfctl', '-a', PF_ANCHOR, '-F', 'all'])];
    case 'ufw':
    case 'firewalld':
      return [
        ...rules.flatMap((r) =>
          ruleCommands(platform, r).commands.flatMap((c) => (c.undo === undefined ? [] : [posix(c.undo)])),
        ),
        ...finishCommands(platform).map((c) => posix(c.argv)),
      ];
  }
}
