import { describe, expect, it } from 'vitest';
import { classifyAddress, isIpv4Mapped } from './address.js';
import { exposureOf, type HostAddress } from './exposure.js';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.53.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'global'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['203.0.113.7', 'global'],
    ['2001:db8:203::7', 'global'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it('recognises IPv4-mapped addresses in any spelling', () => {
    expect(isIpv4Mapped('::ffff:1.2.3.4')).toBe(true);
    expect(isIpv4Mapped('0:0:0:0:0:ffff:102:304')).toBe(true);
    expect(classifyAddress('0:0:0:0:0:ffff:7f00:1')).toBe('loopback');
    expect(classifyAddress('not an address')).toBe('global');
    expect(isIpv4Mapped('::1')).toBe(false);
  });
});

const lanHost: HostAddress[] = [
  { interface: 'lo', address: '127.0.0.1', family: 4 },
  { interface: 'lo', address: '::1', family: 6 },
  { interface: 'eth0', address: '10.0.0.5', family: 4 },
  { interface: 'eth0', address: 'fe80::5', family: 6 },
];
const publicHost: HostAddress[] = [...lanHost, { interface: 'eth1', address: '2001:db8:203::5', family: 6 }];

describe('exposureOf', () => {
  it('loopback binds reach only this machine', () => {
    expect(exposureOf({ address: '127.0.0.1', family: 4, scope: null }, publicHost)).toMatchObject({
      scope: 'loopback',
      reach: 'loopback',
      interfaces: ['lo'],
    });
    expect(exposureOf({ address: '::1', family: 6, scope: null }, publicHost).reach).toBe('loopback');
  });

  it('all-interface binds reach as far as the widest address of the matching family', () => {
    expect(exposureOf({ address: '0.0.0.0', family: 4, scope: null }, lanHost).reach).toBe('lan');
    expect(exposureOf({ address: '0.0.0.0', family: 4, scope: null }, publicHost).reach).toBe('lan');
    const v6 = exposureOf({ address: '::', family: 6, scope: null }, publicHost);
    expect(v6).toMatchObject({ scope: 'all', reach: 'internet', dualStack: true, interfaces: ['*'] });
    expect(exposureOf({ address: '::', family: 6, scope: null }, publicHost, true).dualStack).toBe(false);
  });

  it('a wildcard bound to one device reaches only that device', () => {
    expect(exposureOf({ address: '0.0.0.0', family: 4, scope: 'lo' }, lanHost).reach).toBe('loopback');
  });

  it('specific, link-local and mapped addresses', () => {
    expect(exposureOf({ address: '10.0.0.5', family: 4, scope: null }, lanHost)).toMatchObject({
      scope: 'specific',
      reach: 'lan',
      interfaces: ['eth0'],
    });
    expect(exposureOf({ address: 'fe80::5', family: 6, scope: 'eth0' }, lanHost)).toMatchObject({
      scope: 'link-local',
      reach: 'lan',
      interfaces: ['eth0'],
    });
    expect(exposureOf({ address: '::ffff:127.0.0.1', family: 6, scope: null }, lanHost)).toMatchObject({
      reach: 'loopback',
      ipv4Mapped: true,
    });
    expect(exposureOf({ address: '2001:db8:203::5', family: 6, scope: null }, publicHost).reach).toBe('internet');
  });
});
