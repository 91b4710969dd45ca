import { describe, expect, it } from 'vitest';
import { canonicalAddress, formatIPv6, parseEndpoint, parseIPv4, parseIPv6 } from './ip.js';

describe('IPv6 text', () => {
  it('formats RFC 5952 canonical text', () => {
    const cases: [string, string][] = [
      ['0:0:0:0:0:0:0:0', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is not compressed
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longer run wins
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // on a tie the first run wins
      ['fe80::1c2b:3dff:fe4e:5f60', 'fe80::1c2b:3dff:fe4e:5f60'],
      ['::ffff:7f00:1', '::ffff:127.0.0.1'],
      ['0:0:0:0:0:ffff:10.1.2.3', '::ffff:10.1.2.3'],
      ['::10.1.2.3', '::a01:203'], // IPv4-compatible (deprecated) is plain hex
      ['1::', '1::'],
    ];
    for (const [input, want] of cases) expect(canonicalAddress(input), input).toEqual({ address: want, family: 6 });
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      ':',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1.2.3',
      '256.0.0.1',
      '::1%lo',
      'host',
    ])
      expect(canonicalAddress(bad), bad).toBeNull();
    expect(parseIPv6('1:2:3:4:5:6:7::8')).toBeNull();
    expect(parseIPv4('01.2.3.4')).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it('round-trips random addresses', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = new Uint8Array(16).map(() => (Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 256)));
      const text = formatIPv6(bytes);
      expect(parseIPv6(text), text).toEqual(bytes);
    }
  });
});

describe('parseEndpoint', () => {
  it('splits the forms tools print', () => {
    expect(parseEndpoint('0.0.0.0:135')).toEqual({ host: '0.0.0.0', scope: null, port: 135 });
    expect(parseEndpoint('[::]:135')).toEqual({ host: '::', scope: null, port: 135 });
    expect(parseEndpoint('[fe80::1%7]:123')).toEqual({ host: 'fe80::1', scope: '7', port: 123 });
    expect(parseEndpoint('[fe80::1]%eth0:546')).toEqual({ host: 'fe80::1', scope: 'eth0', port: 546 });
    expect(parseEndpoint('127.0.0.53%lo:53')).toEqual({ host: '127.0.0.53', scope: 'lo', port: 53 });
    expect(parseEndpoint('*:5353')).toEqual({ host: '*', scope: null, port: 5353 });
    expect(parseEndpoint('*:0')).toEqual({ host: '*', scope: null, port: 0 });
  });
  it('returns null without a numeric port', () => {
    for (const bad of ['*:*', '[::]:*', '1.2.3.4', ':80', '[::1:80', '[::1]x:80', '1.2.3.4:65536', '1.2.3.4:-1'])
      expect(parseEndpoint(bad), bad).toBeNull();
  });
});
