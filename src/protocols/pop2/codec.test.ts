import { describe, expect, it } from 'vitest';
import { parsePop2Greeting } from './codec.js';
import { noise } from '../../../test/support/noise.js';

describe('parsePop2Greeting', () => {
  it("reads RFC 937's greeting and UW ipop2d's", () => {
    expect(parsePop2Greeting('+ POP2 USC-ISIF.ARPA server ready\r\n')).toEqual({
      ok: true,
      host: 'USC-ISIF.ARPA',
      version: null,
      text: 'USC-ISIF.ARPA server ready',
    });
    expect(parsePop2Greeting('+ POP2 mail.example.org v2001.78 server ready\r\n')).toMatchObject({
      host: 'mail.example.org',
      version: 'v2001.78',
    });
  });

  it('reads a refusal and a greeting without a host', () => {
    expect(parsePop2Greeting('- POP2 server busy\n')).toMatchObject({ ok: false, host: null });
    expect(parsePop2Greeting('+ POP2\r\n')).toMatchObject({ ok: true, host: null, text: '' });
  });

  it('rejects POP3, SMTP, overlong lines and noise', () => {
    expect(parsePop2Greeting('+OK POP3 ready\r\n')).toBeNull();
    expect(parsePop2Greeting('+OK POP2 ready\r\n')).toBeNull();
    expect(parsePop2Greeting('220 mx ESMTP\r\n')).toBeNull();
    expect(parsePop2Greeting(`+ POP2 ${'a'.repeat(2000)}\r\n`)).toBeNull();
    for (let seed = 1; seed < 100; seed++) expect(() => parsePop2Greeting(noise(seed, 50))).not.toThrow();
  });
});
