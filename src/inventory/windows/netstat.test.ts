import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/inventory/support.js';
import { parseNetstat } from './netstat.js';

const show = (r: {
  transport: string;
  family: number;
  address: string;
  scope: string | null;
  port: number;
  pid: number;
}): string =>
  `${r.transport} ${r.family === 6 ? `[${r.address}${r.scope === null ? '' : `%${r.scope}`}]` : r.address}:${r.port} ${r.pid}`;

describe('parseNetstat', () => {
  it('reads listening TCP and bound UDP rows of the English fixture', () => {
    expect(parseNetstat(fixtureText('windows', 'netstat-ano-en.txt')).map(show)).toEqual([
      'tcp 0.0.0.0:135 1032',
      'tcp 0.0.0.0:445 4',
      'tcp 0.0.0.0:5040 6412',
      'tcp 0.0.0.0:49664 812',
      'tcp 10.0.0.23:139 4',
      'tcp 127.0.0.1:5939 3876',
      'tcp 127.0.0.1:14013 7788',
      'tcp [::]:135 1032',
      'tcp [::]:445 4',
      'tcp [::]:49664 812',
      'tcp [::1]:49670 5544',
      'tcp [fe80::8d4c:2b1a:73e5:9f10%12]:2869 4',
      'udp 0.0.0.0:123 1560',
      'udp 0.0.0.0:5353 2288',
      'udp 0.0.0.0:5353 9120',
      'udp 10.0.0.23:137 4',
      'udp 127.0.0.1:1900 4740',
      'udp 127.0.0.1:55012 31337',
      'udp [::]:123 1560',
      'udp [::]:5353 2288',
      'udp [::1]:1900 4740',
      'udp [fe80::8d4c:2b1a:73e5:9f10%12]:546 1288',
      'udp [fe80::8d4c:2b1a:73e5:9f10%12]:1900 4740',
    ]);
  });

  it('does not depend on the display language', () => {
    expect(parseNetstat(fixtureText('windows', 'netstat-ano-de.txt')).map(show)).toEqual([
      'tcp 0.0.0.0:135 964',
      'tcp 0.0.0.0:445 4',
      'tcp 0.0.0.0:3389 1184',
      'tcp [::]:135 964',
      'tcp [::]:3389 1184',
      'udp 0.0.0.0:3389 1184',
      'udp [::]:3389 1184',
      'udp [fe80::5d1:9a7e:c3b2:41f0%4]:1900 3300',
    ]);
  });

  it('keeps PID 0 rows (the adapter gives them no process) and skips junk', () => {
    const text = [
      'Active Connections',
      '  TCP    0.0.0.0:2179    0.0.0.0:0    LISTENING    0',
      '  TCP    0.0.0.0:80      0.0.0.0:0    EN ÉCOUTE    4', // a state word with a space
      '  TCP    0.0.0.0:81      0.0.0.0:0    LISTENING', // cut off: no PID
      '  UDP    [::]:500        [::]:0                    4', // not '*:*'
      '  TCP    bogus:1         0.0.0.0:0    LISTENING    9',
      '  TCP    0.0.0.0:70000   0.0.0.0:0    LISTENING    9',
    ].join('\r\n');
    expect(parseNetstat(text).map(show)).toEqual(['tcp 0.0.0.0:2179 0', 'tcp 0.0.0.0:80 4']);
  });
});
