import { describe, expect, it } from 'vitest';
import { complementRanges, parseCidr, cidrContains } from './cidr.js';
import { ruleCommands, rollbackCommands, setupCommands } from './firewall.js';
import { displayCommand } from './quote.js';
import type { FirewallRule } from './types.js';

const block: FirewallRule = { transport: 'tcp', port: 23, allowFrom: [] };
const lan: FirewallRule = { transport: 'udp', port: 161, allowFrom: ['10.0.0.0/8', '2001:db8::/32'] };
const shown = (r: FirewallRule, p: Parameters<typeof ruleCommands>[0]): string[] =>
  ruleCommands(p, r).commands.map(displayCommand);

describe('source ranges', () => {
  it('parses addresses and networks, clearing host bits, and refuses the rest', () => {
    expect(parseCidr('10.1.2.3/8')?.text).toBe('10.0.0.0/8');
    expect(parseCidr('203.0.113.7')?.text).toBe('203.0.113.7/32');
    expect(parseCidr('2001:DB8::1/32')?.text).toBe('2001:db8::/32');
    for (const bad of ['10.0.0.0/33', '::/129', 'example.com', '10.0.0.0/8; reboot', '', '1.2.3.4/'])
      expect(parseCidr(bad)).toBeNull();
  });
  it('tests containment, IPv4-mapped addresses as IPv4', () => {
    const net = parseCidr('10.0.0.0/8');
    if (net === null) throw new Error('parse');
    expect(cidrContains(net, '10.255.0.1')).toBe(true);
    expect(cidrContains(net, '::ffff:10.0.0.1')).toBe(true);
    expect(cidrContains(net, '11.0.0.1')).toBe(false);
    expect(cidrContains(net, '2001:db8::1')).toBe(false);
  });
  it('computes the complement Windows rules need', () => {
    const a = parseCidr('10.0.0.0/8');
    const b = parseCidr('192.168.0.0/16');
    if (a === null || b === null) throw new Error('parse');
    expect(complementRanges(4, [b, a])).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-192.167.255.255',
      '192.169.0.0-255.255.255.255',
    ]);
    expect(complementRanges(4, [])).toEqual(['0.0.0.0-255.255.255.255']);
    expect(complementRanges(4, [parseCidr('0.0.0.0/0') as NonNullable<ReturnType<typeof parseCidr>>])).toEqual([]);
    expect(complementRanges(6, [])).toEqual(['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });
});

describe('firewall commands per platform', () => {
  it('nftables: its own table and an input chain before the usual filters, loopback spared', () => {
    expect(setupCommands('nftables').map(displayCommand)).toEqual([
      'nft add table inet portwarden',
      "nft add chain inet portwarden input '{ type filter hook input priority -10; policy accept; }'",
    ]);
    expect(shown(block, 'nftables')).toEqual([
      `nft add rule inet portwarden input iifname '!=' lo tcp dport 23 drop comment '"portwarden 23/tcp"'`,
    ]);
    expect(shown(lan, 'nftables')).toEqual([
      `nft add rule inet portwarden input iifname '!=' lo ip saddr '!=' 10.0.0.0/8 udp dport 161 drop comment '"portwarden 161/udp"'`,
      `nft add rule inet portwarden input iifname '!=' lo ip6 saddr '!=' 2001:db8::/32 udp dport 161 drop comment '"portwarden 161/udp"'`,
    ]);
    // A family without an allowed range is dropped whole.
    const v4only = ruleCommands('nftables', { ...block, allowFrom: ['10.0.0.0/8', '192.168.0.0/16'] }).commands;
    expect(v4only[0]?.argv).toContain('{ 10.0.0.0/8, 192.168.0.0/16 }');
    expect(v4only[1]?.argv.join(' ')).toContain('meta nfproto ipv6 tcp dport 23 drop');
    expect(rollbackCommands('nftables').map(displayCommand)).toEqual(['nft delete table inet portwarden']);
  });

  it('iptables and ip6tables: a PORTWARDEN chain, allowed sources RETURN, the rest dropped, each with its undo', () => {
    expect(setupCommands('iptables').map(displayCommand)).toEqual([
      'iptables -w -N PORTWARDEN',
      'iptables -w -I INPUT 1 -j PORTWARDEN',
      'ip6tables -w -N PORTWARDEN',
      'ip6tables -w -I INPUT 1 -j PORTWARDEN',
    ]);
    const cmds = ruleCommands('iptables', lan).commands;
    expect(cmds.map(displayCommand)).toEqual([
      "iptables -w -A PORTWARDEN -s 10.0.0.0/8 -p udp --dport 161 -m comment --comment 'portwarden 161/udp' -j RETURN",
      "iptables -w -A PORTWARDEN '!' -i lo -p udp --dport 161 -m comment --comment 'portwarden 161/udp' -j DROP",
      "ip6tables -w -A PORTWARDEN -s 2001:db8::/32 -p udp --dport 161 -m comment --comment 'portwarden 161/udp' -j RETURN",
      "ip6tables -w -A PORTWARDEN '!' -i lo -p udp --dport 161 -m comment --comment 'portwarden 161/udp' -j DROP",
    ]);
    for (const c of cmds) {
      expect(c.undo?.slice(0, 3)).toEqual([c.argv[0], '-w', '-D']);
      expect(c.skipIf?.slice(0, 3)).toEqual([c.argv[0], '-w', '-C']);
      expect(c.undo?.slice(3)).toEqual(c.argv.slice(3));
    }
    expect(rollbackCommands('iptables').map((c) => c.argv.join(' '))).toEqual([
      'iptables -w -D INPUT -j PORTWARDEN',
      'iptables -w -F PORTWARDEN',
      'iptables -w -X PORTWARDEN',
      'ip6tables -w -D INPUT -j PORTWARDEN',
      'ip6tables -w -F PORTWARDEN',
      'ip6tables -w -X PORTWARDEN',
    ]);
  });

  it('ufw: the deny first in the list, the allowed ranges before it', () => {
    expect(shown(lan, 'ufw')).toEqual([
      "ufw prepend deny proto udp to any port 161 comment 'portwarden 161/udp'",
      "ufw prepend allow proto udp from 10.0.0.0/8 to any port 161 comment 'portwarden 161/udp'",
      "ufw prepend allow proto udp from 2001:db8::/32 to any port 161 comment 'portwarden 161/udp'",
    ]);
    expect(rollbackCommands('ufw', [block]).map(displayCommand)).toEqual(['ufw delete deny proto tcp to any port 23']);
  });

  it('firewalld: rich rules with priorities for both families, a reload at the end', () => {
    expect(shown(lan, 'firewalld')).toEqual([
      `firewall-cmd --permanent '--add-rich-rule=rule priority="-101" family="ipv4" source address="10.0.0.0/8" port port="161" protocol="udp" accept'`,
      `firewall-cmd --permanent '--add-rich-rule=rule priority="-101" family="ipv6" source address="2001:db8::/32" port port="161" protocol="udp" accept'`,
      `firewall-cmd --permanent '--add-rich-rule=rule priority="-100" family="ipv4" port port="161" protocol="udp" drop'`,
      `firewall-cmd --permanent '--add-rich-rule=rule priority="-100" family="ipv6" port port="161" protocol="udp" drop'`,
      'firewall-cmd --permanent --remove-port=161/udp',
    ]);
    expect(rollbackCommands('firewalld', [block]).map(displayCommand)).toContain('firewall-cmd --reload');
  });

  it('Windows: netsh and New-NetFirewallRule, the allowed ranges as the complement in remoteip', () => {
    const r = ruleCommands('windows', { ...block, allowFrom: ['10.0.0.0/8'] });
    expect(r.alternatives).toBe(true);
    expect(r.commands.map(displayCommand)).toEqual([
      'netsh advfirewall firewall add rule name="portwarden: block TCP 23" dir=in action=block protocol=TCP localport=23 ' +
        'remoteip=0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      "New-NetFirewallRule -DisplayName 'portwarden: block TCP 23' -Group portwarden -Direction Inbound -Action Block " +
        '-Protocol TCP -LocalPort 23 -RemoteAddress 0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
    expect(shown(block, 'windows')[0]).toBe(
      'netsh advfirewall firewall add rule name="portwarden: block TCP 23" dir=in action=block protocol=TCP localport=23',
    );
  });

  it('pf: anchor lines, a negated table for allowed sources, loaded into the portwarden anchor', () => {
    expect(ruleCommands('pf', block).file).toEqual({
      path: '/etc/pf.anchors/portwarden',
      lines: ['block drop in quick on ! lo0 proto tcp to any port 23'],
    });
    expect(ruleCommands('pf', lan).file?.lines).toEqual([
      'table <pw_allow_udp_161> { 10.0.0.0/8, 2001:db8::/32 }',
      'block drop in quick on ! lo0 proto udp from ! <pw_allow_udp_161> to any port 161',
    ]);
    expect(shown(block, 'pf')).toEqual(['pfctl -a portwarden -f /etc/pf.anchors/portwarden', 'pfctl -E']);
    expect(rollbackCommands('pf').map(displayCommand)).toEqual(['pfctl -a portwarden -F all']);
  });
});
