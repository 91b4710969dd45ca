import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import { optionName, parseTelnet, refuse, telnetHints } from './codec.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/telnet/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('inetutils telnetd 2.4', () => {
  it('opens with option negotiation and no data', () => {
    const p = parseTelnet(fixture('inetutils-telnetd-2.4-first.hex'));
    expect(p.data.length).toBe(0);
    expect(p.negotiations.map((n) => `${n.verb} ${optionName(n.option)}`)).toEqual([
      'WILL AUTHENTICATION',
      'WILL ENCRYPT',
      'DO TERMINAL-TYPE',
      'DO TERMINAL-SPEED',
      'DO X-DISPLAY-LOCATION',
      'DO NEW-ENVIRON',
      'DO OLD-ENVIRON',
    ]);
    expect(Array.from(refuse(p.negotiations).subarray(0, 6))).toEqual([255, 254, 37, 255, 254, 38]);
  });

  it('shows its uname banner and login prompt once every option is refused', () => {
    const p = parseTelnet(fixture('inetutils-telnetd-2.4-refused.hex'));
    const text = Buffer.from(p.data).toString('latin1');
    const hints = telnetHints(text);
    expect(hints.os).toMatch(/^Linux \d+\.\d+/);
    expect(hints).toMatchObject({ hostname: 'vm', loginPrompt: true });
  });
});

describe('parseTelnet', () => {
  it('unescapes IAC IAC, skips subnegotiations and keeps an incomplete command for later', () => {
    const p = parseTelnet(Uint8Array.of(0x61, 255, 255, 255, 250, 24, 1, 255, 255, 255, 240, 0x62, 255, 241, 255, 253));
    expect(Array.from(p.data)).toEqual([0x61, 255, 0x62]);
    expect(p.subnegotiations).toEqual([24]);
    expect(p.commands).toEqual([241]);
    expect(Array.from(p.rest)).toEqual([255, 253]);
    const sb = parseTelnet(Uint8Array.of(255, 250, 24, 1, 2, 3));
    expect(Array.from(sb.rest)).toEqual([255, 250, 24, 1, 2, 3]);
    expect(parseTelnet(Uint8Array.from([255, 250, ...new Array<number>(5000).fill(1)])).rest.length).toBe(0);
  });

  it('never answers a refusal with a refusal (no negotiation loops)', () => {
    expect(
      refuse([
        { verb: 'DONT', option: 1 },
        { verb: 'WONT', option: 3 },
      ]).length,
    ).toBe(0);
    expect(Array.from(refuse([{ verb: 'WILL', option: 1 }]))).toEqual([255, 254, 1]);
  });

  it('never crashes on noise', () => {
    for (let seed = 1; seed < 300; seed++) expect(() => parseTelnet(noise(seed, seed * 3))).not.toThrow();
  });
});

describe('telnetHints', () => {
  it('knows common systems and devices', () => {
    expect(telnetHints('Debian GNU/Linux 12\r\nhost login: ')).toEqual({
      os: 'Debian GNU/Linux 12',
      hostname: 'host',
      loginPrompt: true,
    });
    expect(telnetHints('\r\n\r\nUser Access Verification\r\n\r\nUsername: ').os).toBe('Cisco IOS');
    expect(telnetHints('Welcome to Microsoft Telnet Service \r\n\r\nlogin: ').os).toBe(
      'Welcome to Microsoft Telnet Service',
    );
    expect(telnetHints('hello there')).toEqual({ os: null, hostname: null, loginPrompt: false });
  });
});
