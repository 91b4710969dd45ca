import { describe, expect, it } from 'vitest';
import {
  apopChallenge,
  parseCapa,
  parsePop3Status,
  pop3Command,
  pop3LineFramer,
  pop3MultilineFramer,
} from './codec.js';
import { hexFixture } from '../../../test/support/fixture.js';
import { noise } from '../../../test/support/noise.js';

const fx = (name: string): Buffer => hexFixture('pop3', name);

describe('parsePop3Status', () => {
  it('reads real Dovecot status lines', () => {
    expect(parsePop3Status(fx('dovecot-2.3-greeting'))).toEqual({ ok: true, text: 'Dovecot (Debian) ready.' });
    expect(parsePop3Status(fx('dovecot-2.3-user-ok'))).toEqual({ ok: true, text: '' });
    expect(parsePop3Status(fx('dovecot-2.3-user-plaintext-disallowed'))).toMatchObject({
      ok: false,
      text: expect.stringMatching(/^\[AUTH\] Plaintext authentication disallowed/) as unknown,
    });
  });

  it('rejects SMTP, POP2, IMAP and noise', () => {
    expect(parsePop3Status('220 mx ESMTP\r\n')).toBeNull();
    expect(parsePop3Status('+ POP2 host server ready\r\n')).toBeNull();
    expect(parsePop3Status('* OK IMAP ready\r\n')).toBeNull();
    expect(parsePop3Status('+OKAY\r\n')).toBeNull();
    for (let seed = 1; seed < 100; seed++) expect(() => parsePop3Status(noise(seed, 40))).not.toThrow();
  });
});

describe('framers', () => {
  it('frame a status line and a whole CAPA response, waiting on any cut', () => {
    const capa = fx('dovecot-2.3-capa-plain');
    expect(pop3MultilineFramer(capa)).toBe(capa.length);
    for (let n = 0; n < capa.length; n++) expect(pop3MultilineFramer(capa.subarray(0, n))).toBe(-1);
    const err = fx('dovecot-2.3-user-plaintext-disallowed');
    expect(pop3MultilineFramer(Buffer.concat([err, capa]))).toBe(err.length);
    expect(pop3LineFramer(Buffer.from('+OK\r\nX'))).toBe(5);
  });

  it('refuse endless lines and endless responses', () => {
    expect(() => pop3LineFramer(Buffer.alloc(5000, 0x41))).toThrow(/too long/);
    expect(() => pop3MultilineFramer(Buffer.from(`+OK\r\n${'X\r\n'.repeat(30_000)}`))).toThrow(/too long/);
  });
});

describe('parseCapa', () => {
  it('reads Dovecot without TLS: USER and SASL PLAIN LOGIN, no STLS', () => {
    expect(parseCapa(fx('dovecot-2.3-capa-plain'))).toMatchObject({
      stls: false,
      user: true,
      saslMechanisms: ['PLAIN', 'LOGIN'],
      implementation: null,
    });
  });

  it('reads Dovecot with ssl = required: STLS, no USER, an empty SASL line', () => {
    expect(parseCapa(fx('dovecot-2.3-capa-stls'))).toMatchObject({ stls: true, user: false, saslMechanisms: [] });
  });

  it('reads IMPLEMENTATION and ignores what follows the terminating dot', () => {
    const caps = parseCapa('+OK\r\nIMPLEMENTATION Courier Mail Server\r\n.\r\nUSER\r\n');
    expect(caps).toMatchObject({ implementation: 'Courier Mail Server', user: false });
  });

  it('is null for -ERR and for what is not POP3', () => {
    expect(parseCapa('-ERR unknown command\r\n')).toBeNull();
    expect(parseCapa('250 OK\r\n')).toBeNull();
  });
});

describe('apopChallenge and pop3Command', () => {
  it("finds RFC 1939's APOP challenge, and none in Dovecot's default greeting", () => {
    expect(apopChallenge('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe(
      '<1896.697170952@dbc.mtview.ca.us>',
    );
    expect(apopChallenge('Dovecot (Debian) ready.')).toBeNull();
  });

  it('builds command lines and refuses injected line breaks', () => {
    expect(pop3Command('USER', 'alice')).toBe('USER alice\r\n');
    expect(pop3Command('CAPA')).toBe('CAPA\r\n');
    expect(() => pop3Command('USER', 'a\r\nPASS b')).toThrow(RangeError);
    expect(() => pop3Command('user', 'a')).toThrow(RangeError);
  });
});
