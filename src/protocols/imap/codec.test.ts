import { describe, expect, it } from 'vitest';
import {
  imapCommand,
  imapResponseFramer,
  parseCapabilityLine,
  parseImapGreeting,
  parseTagged,
  summarizeCapabilities,
} from './codec.js';
import { hexFixture } from '../../../test/support/fixture.js';
import { noise } from '../../../test/support/noise.js';

const fx = (name: string): Buffer => hexFixture('imap', name);
const lines = (b: Buffer): string[] =>
  b
    .toString('latin1')
    .split('\r\n')
    .filter((l) => l !== '');

describe('parseImapGreeting', () => {
  it('reads real Dovecot greetings with their capability codes', () => {
    const plain = parseImapGreeting(fx('dovecot-2.3-greeting-plain'));
    expect(plain).toMatchObject({ status: 'ok', text: 'Dovecot (Debian) ready.' });
    expect(plain?.capabilities).toContain('AUTH=PLAIN');
    const tls = parseImapGreeting(fx('dovecot-2.3-greeting-tls'));
    expect(tls?.capabilities).toEqual(expect.arrayContaining(['STARTTLS', 'LOGINDISABLED']) as unknown);
  });

  it('reads PREAUTH and BYE, rejects what is not a greeting', () => {
    expect(parseImapGreeting('* PREAUTH IMAP4rev1 server logged in as alice\r\n')).toMatchObject({
      status: 'preauth',
      capabilities: null,
    });
    expect(parseImapGreeting('* BYE too many connections\r\n')?.status).toBe('bye');
    expect(parseImapGreeting('+OK Dovecot ready.\r\n')).toBeNull();
    expect(parseImapGreeting('* NO go away\r\n')).toBeNull();
    for (let seed = 1; seed < 100; seed++) expect(() => parseImapGreeting(noise(seed, 60))).not.toThrow();
  });
});

describe('parseCapabilityLine, parseTagged, summarizeCapabilities', () => {
  it('read a real CAPABILITY exchange', () => {
    const [untagged = '', tagged = ''] = lines(fx('dovecot-2.3-capability-logindisabled'));
    const caps = parseCapabilityLine(untagged);
    expect(summarizeCapabilities(caps ?? [])).toEqual({
      starttls: true,
      loginDisabled: true,
      authMechanisms: [],
      revisions: ['IMAP4rev1'],
    });
    expect(parseTagged(tagged, 'pw1')).toMatchObject({ status: 'ok' });
    expect(parseTagged(tagged, 'pw2')).toBeNull();
    expect(parseCapabilityLine(tagged)).toBeNull();
    const plain = parseCapabilityLine(lines(fx('dovecot-2.3-capability-plain'))[0] ?? '');
    expect(summarizeCapabilities(plain ?? []).authMechanisms).toEqual(['PLAIN', 'LOGIN']);
  });

  it('finds capabilities in a tagged OK code and names IMAP4rev2', () => {
    expect(parseCapabilityLine('a1 OK [CAPABILITY IMAP4rev2 IMAP4rev1 AUTH=SCRAM-SHA-256] done')).toEqual([
      'IMAP4REV2',
      'IMAP4REV1',
      'AUTH=SCRAM-SHA-256',
    ]);
    expect(summarizeCapabilities(['IMAP4REV2', 'IMAP4REV1']).revisions).toEqual(['IMAP4rev2', 'IMAP4rev1']);
  });

  it('reads the refusal of a cleartext LOGIN', () => {
    const [alert = '', no = ''] = lines(fx('dovecot-2.3-login-refused'));
    expect(parseTagged(alert, 'pw2')).toBeNull();
    expect(parseTagged(no, 'pw2')).toMatchObject({ status: 'no' });
  });
});

describe('imapResponseFramer', () => {
  it('frames a line, and a line extended by literals', () => {
    const g = fx('dovecot-2.3-greeting-plain');
    expect(imapResponseFramer(g)).toBe(g.length);
    const lit = Buffer.from('* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\npw1 OK\r\n');
    expect(imapResponseFramer(lit)).toBe(lit.length - 'pw1 OK\r\n'.length);
    for (let n = 0; n < 28; n++) expect(imapResponseFramer(lit.subarray(0, n))).toBe(-1);
  });

  it('refuses huge literals and endless lines before reading them', () => {
    expect(() => imapResponseFramer(Buffer.from('* 1 FETCH (BODY[] {999999999}\r\n'))).toThrow(/too long/);
    expect(() => imapResponseFramer(Buffer.alloc(9000, 0x41))).toThrow(/too long/);
  });
});

describe('imapCommand', () => {
  it('builds tagged commands and refuses injected line breaks', () => {
    expect(imapCommand('pw1', 'CAPABILITY')).toBe('pw1 CAPABILITY\r\n');
    expect(() => imapCommand('pw1', 'LOGIN a b\r\npw2 DELETE INBOX')).toThrow(RangeError);
    expect(() => imapCommand('p w', 'NOOP')).toThrow(RangeError);
  });
});
