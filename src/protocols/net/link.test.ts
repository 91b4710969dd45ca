import { describe, expect, it } from 'vitest';
import { inPrefix, linkOf, linkTo } from './link.js';

const ifaces = {
  pwlab0: [
    {
      address: '203.0.113.254',
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: '',
      internal: false,
      cidr: '203.0.113.254/24',
    },
    {
      address: '2001:db8:203::fe',
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6',
      mac: '',
      internal: false,
      cidr: '2001:db8:203::fe/64',
      scopeid: 0,
    },
  ],
} as const;

describe('link', () => {
  it('tells prefixes apart in both families', () => {
    expect(inPrefix('203.0.113.217', '203.0.113.254', 24)).toBe(true);
    expect(inPrefix('203.0.114.1', '203.0.113.254', 24)).toBe(false);
    expect(inPrefix('2001:db8:203::217', '2001:db8:203::fe', 64)).toBe(true);
    expect(inPrefix('2001:db8:204::1', '2001:db8:203::fe', 64)).toBe(false);
    expect(inPrefix('203.0.113.1', '2001:db8:203::fe', 64)).toBe(false);
  });

  it('finds the interface of the source address', () => {
    const list = ifaces as unknown as Parameters<typeof linkOf>[2];
    expect(linkOf('203.0.113.217', '203.0.113.254', list)).toEqual({
      local: '203.0.113.254',
      prefix: '203.0.113.254/24',
      onLink: true,
    });
    expect(linkOf('198.51.100.7', '203.0.113.254', list).onLink).toBe(false);
    expect(linkOf('203.0.113.217', '10.0.0.1', list)).toEqual({ local: '10.0.0.1', prefix: null, onLink: null });
  });

  it('loopback is on the loopback link', async () => {
    expect(await linkTo('127.0.0.1')).toMatchObject({ local: '127.0.0.1', onLink: true });
  });
});
