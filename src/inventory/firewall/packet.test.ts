import { describe, expect, it } from 'vitest';
import type { Cond } from './model.js';
import { condHolds, packetPlan, ruleMatches, type PacketFacts } from './packet.js';

const facts = (over: Partial<PacketFacts> = {}): PacketFacts => ({
  family: 4,
  transport: 'tcp',
  port: 22,
  daddr: null,
  iifname: null,
  ...over,
});

describe('packetPlan', () => {
  it('reaches a loopback bind over lo, any other bind from the network', () => {
    expect(packetPlan({ transport: 'tcp', family: 4, address: '127.0.0.53', port: 53 }).main).toMatchObject({
      iifname: 'lo',
      daddr: '127.0.0.53',
    });
    expect(packetPlan({ transport: 'tcp', family: 6, address: '::1', port: 53 }).main).toMatchObject({
      iifname: 'lo',
      family: 6,
    });
    expect(packetPlan({ transport: 'tcp', family: 4, address: '0.0.0.0', port: 22 }).main).toMatchObject({
      iifname: null,
      daddr: null,
    });
    expect(
      packetPlan({ transport: 'udp', family: 6, address: 'fe80::1', scope: 'eth0', port: 546 }).main,
    ).toMatchObject({
      iifname: 'eth0',
      daddr: 'fe80::1',
    });
  });

  it('treats an IPv4-mapped bind as IPv4 and adds IPv4 for a wildcard IPv6 bind only', () => {
    const mapped = packetPlan({ transport: 'tcp', family: 6, address: '::ffff:127.0.0.1', port: 80 });
    expect(mapped.main).toMatchObject({ family: 4, daddr: '127.0.0.1', iifname: 'lo' });
    expect(mapped.dualStackV4).toBeNull();
    expect(packetPlan({ transport: 'tcp', family: 6, address: '::', port: 80 }).dualStackV4).toMatchObject({
      family: 4,
      daddr: null,
    });
    expect(packetPlan({ transport: 'tcp', family: 6, address: '2001:db8::1', port: 80 }).dualStackV4).toBeNull();
  });
});

describe('condHolds', () => {
  const daddr = (blocks: string[], negate = false): Cond => ({ kind: 'daddr', blocks, negate });
  it('matches destination prefixes and ranges of either family against a specific bind', () => {
    expect(condHolds(daddr(['10.0.0.0/8']), facts({ daddr: '10.9.8.7' }))).toBe('yes');
    expect(condHolds(daddr(['10.0.0.0/8']), facts({ daddr: '11.0.0.1' }))).toBe('no');
    expect(condHolds(daddr(['10.0.0.0/8'], true), facts({ daddr: '11.0.0.1' }))).toBe('yes');
    expect(condHolds(daddr(['198.51.100.1-198.51.100.9']), facts({ daddr: '198.51.100.5' }))).toBe('yes');
    expect(condHolds(daddr(['198.51.100.1-198.51.100.9']), facts({ daddr: '198.51.100.10' }))).toBe('no');
    expect(condHolds(daddr(['2001:db8::/32']), facts({ family: 6, daddr: '2001:db8:1::1' }))).toBe('yes');
    expect(condHolds(daddr(['2001:db8::/32']), facts({ daddr: '10.0.0.1' }))).toBe('no');
    expect(condHolds(daddr(['10.0.0.1']), facts({ daddr: '10.0.0.1' }))).toBe('yes');
  });

  it('cannot decide the destination of a wildcard bind, nor an unreadable block', () => {
    expect(condHolds(daddr(['10.0.0.0/8']), facts())).toBe('maybe');
    expect(condHolds(daddr(['10.0.0.0/8'], true), facts())).toBe('maybe');
    expect(condHolds(daddr(['not-an-address']), facts({ daddr: '10.0.0.1' }))).toBe('maybe');
  });

  it('knows lo from the network, and the bound device exactly, wildcards included', () => {
    const iif = (values: string[], negate = false): Cond => ({ kind: 'value', key: 'iifname', values, negate });
    expect(condHolds(iif(['lo']), facts())).toBe('no');
    expect(condHolds(iif(['lo'], true), facts())).toBe('yes');
    expect(condHolds(iif(['eth0']), facts())).toBe('maybe');
    expect(condHolds(iif(['lo']), facts({ iifname: 'lo' }))).toBe('yes');
    expect(condHolds(iif(['eth*']), facts({ iifname: 'eth1' }))).toBe('yes');
    expect(condHolds(iif(['eth*']), facts({ iifname: 'wlan0' }))).toBe('no');
  });

  it('sees the first packet of a new connection, addressed to a local address', () => {
    const v = (
      key: 'ctstate' | 'ctstatus' | 'dsttype' | 'pkttype' | 'l4proto' | 'nfproto',
      values: string[],
      negate = false,
    ): Cond => ({
      kind: 'value',
      key,
      values,
      negate,
    });
    expect(condHolds(v('ctstate', ['established', 'related']), facts())).toBe('no');
    expect(condHolds(v('ctstate', ['new', 'untracked']), facts())).toBe('yes');
    expect(condHolds(v('ctstate', ['invalid'], true), facts())).toBe('yes');
    expect(condHolds(v('ctstatus', ['dnat']), facts())).toBe('no');
    expect(condHolds(v('ctstatus', ['expected']), facts())).toBe('maybe');
    expect(condHolds(v('dsttype', ['local']), facts())).toBe('yes');
    expect(condHolds(v('dsttype', ['broadcast', 'multicast']), facts())).toBe('no');
    expect(condHolds(v('pkttype', ['host']), facts())).toBe('yes');
    expect(condHolds(v('l4proto', ['udp']), facts())).toBe('no');
    expect(condHolds(v('nfproto', ['ipv6']), facts())).toBe('no');
  });

  it('combines tests: a failing one wins over an undecidable one', () => {
    const opaque: Cond = { kind: 'opaque', what: 'ip saddr' };
    const port22: Cond = { kind: 'dport', ranges: [[22, 22]], negate: false };
    const port23: Cond = { kind: 'dport', ranges: [[23, 23]], negate: false };
    expect(ruleMatches([opaque, port23], facts())).toBe('no');
    expect(ruleMatches([opaque, port22], facts())).toBe('maybe');
    expect(ruleMatches([port22], facts())).toBe('yes');
    expect(ruleMatches([], facts())).toBe('yes');
  });
});
