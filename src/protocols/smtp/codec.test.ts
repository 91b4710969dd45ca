import { describe, expect, it } from 'vitest';
import {
  parseEhlo,
  parseSmtpReply,
  replyText,
  smtpCommand,
  smtpReplyFramer,
  smtpSoftware,
  verifyVerdict,
  type SmtpReply,
} from './codec.js';
import { hexFixture } from '../../../test/support/fixture.js';
import { noise } from '../../../test/support/noise.js';

const fx = (name: string): Buffer => hexFixture('smtp', name);

function reply(bytes: Uint8Array | string): SmtpReply {
  const r = parseSmtpReply(bytes);
  if (r === null) throw new Error('not a reply');
  return r;
}

describe('smtpReplyFramer', () => {
  it('frames whole multi-line replies and leaves what follows', () => {
    const ehlo = fx('postfix-3.7-ehlo-open');
    expect(smtpReplyFramer(ehlo)).toBe(ehlo.length);
    const two = Buffer.concat([fx('postfix-3.7-vrfy-root'), fx('postfix-3.7-vrfy-unknown')]);
    expect(smtpReplyFramer(two)).toBe(fx('postfix-3.7-vrfy-root').length);
  });

  it('waits for the rest of a reply cut anywhere', () => {
    const ehlo = fx('postfix-3.7-ehlo-open');
    for (let n = 0; n < ehlo.length; n++) expect(smtpReplyFramer(ehlo.subarray(0, n))).toBe(-1);
  });

  it('ends a reply at a line that does not continue it, even garbage', () => {
    expect(smtpReplyFramer(Buffer.from('250-a\r\nhello\r\n250 b\r\n'))).toBe(14);
    expect(smtpReplyFramer(Buffer.from('220\n'))).toBe(4);
  });

  it('refuses endless lines and endless continuation', () => {
    expect(() => smtpReplyFramer(Buffer.alloc(5000, 0x41))).toThrow(/too long/);
    expect(() => smtpReplyFramer(Buffer.from('250-x\r\n'.repeat(300)))).toThrow(/too long/);
  });
});

describe('parseSmtpReply', () => {
  it('reads real Postfix replies with their enhanced codes', () => {
    expect(reply(fx('postfix-3.7-greeting'))).toEqual({
      code: 220,
      enhanced: null,
      lines: ['relay.pwlab.test ESMTP Postfix (Debian/GNU)'],
    });
    expect(reply(fx('postfix-3.7-vrfy-unknown'))).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(reply(fx('postfix-3.7-rcpt-relay-denied'))).toMatchObject({ code: 554, enhanced: '5.7.1' });
    expect(reply(fx('postfix-3.7-vrfy-root'))).toMatchObject({ code: 252, enhanced: '2.0.0', lines: ['2.0.0 root'] });
  });

  it('rejects what is not SMTP: HTTP, mixed codes, a last line that continues, an early line that ends', () => {
    expect(parseSmtpReply('HTTP/1.1 400 Bad Request\r\n')).toBeNull();
    expect(parseSmtpReply('250-a\r\n251 b\r\n')).toBeNull();
    expect(parseSmtpReply('250-a\r\n')).toBeNull();
    expect(parseSmtpReply('250 a\r\n250 b\r\n')).toBeNull();
    expect(parseSmtpReply('')).toBeNull();
    expect(parseSmtpReply('999 nine\r\n')).toBeNull();
  });

  it('does not take an enhanced code whose class disagrees with the reply', () => {
    expect(reply('550 2.0.0 odd\r\n').enhanced).toBeNull();
  });

  it('survives noise', () => {
    for (let seed = 1; seed < 200; seed++) {
      const bytes = noise(seed, 64);
      expect(() => parseSmtpReply(bytes)).not.toThrow();
    }
  });
});

describe('parseEhlo', () => {
  it('lists Postfix extensions and AUTH mechanisms', () => {
    const open = parseEhlo(reply(fx('postfix-3.7-ehlo-open')));
    expect(open?.domain).toBe('relay.pwlab.test');
    expect(open?.authMechanisms).toEqual(['PLAIN', 'LOGIN']);
    expect(open?.starttls).toBe(false);
    expect(open?.extensions.get('SIZE')).toEqual(['10240000']);
    expect([...(open?.extensions.keys() ?? [])]).toContain('VRFY');
    const tls = parseEhlo(reply(fx('postfix-3.7-ehlo-tls')));
    expect(tls).toMatchObject({ starttls: true, authMechanisms: [] });
  });

  it('merges the pre-standard AUTH= line of old Exchange and Sendmail', () => {
    const r = reply('250-mx.example.org Hello\r\n250-AUTH=LOGIN\r\n250-AUTH LOGIN NTLM\r\n250 STARTTLS\r\n');
    expect(parseEhlo(r)?.authMechanisms).toEqual(['LOGIN', 'NTLM']);
  });

  it('is null for anything but a 250', () => {
    expect(parseEhlo(reply('502 5.5.2 Error: command not recognized\r\n'))).toBeNull();
  });
});

describe('smtpCommand', () => {
  it('builds command lines and refuses injected line breaks', () => {
    expect(smtpCommand('VRFY', 'root')).toBe('VRFY root\r\n');
    expect(smtpCommand('QUIT')).toBe('QUIT\r\n');
    expect(() => smtpCommand('VRFY', 'root\r\nDATA')).toThrow(RangeError);
    expect(() => smtpCommand('vrfy', 'x')).toThrow(RangeError);
    expect(() => smtpCommand('VRFY', 'a'.repeat(600))).toThrow(RangeError);
  });
});

describe('verifyVerdict', () => {
  it('classifies VRFY/EXPN answers as RFC 5321 defines them', () => {
    expect(verifyVerdict(reply(fx('postfix-3.7-vrfy-root')).code)).toBe('unverified');
    expect(verifyVerdict(reply(fx('postfix-3.7-vrfy-unknown')).code)).toBe('unknown');
    expect(verifyVerdict(reply(fx('postfix-3.7-vrfy-disabled')).code)).toBe('disabled');
    expect(verifyVerdict(reply(fx('postfix-3.7-expn')).code)).toBe('disabled');
    expect(verifyVerdict(250)).toBe('exists');
    expect(verifyVerdict(530)).toBe('refused');
  });
});

describe('smtpSoftware and replyText', () => {
  it('names the software of common greetings', () => {
    expect(smtpSoftware(reply(fx('postfix-3.7-greeting')).lines.join(' '))).toEqual({
      product: 'Postfix smtpd',
      version: null,
    });
    expect(smtpSoftware('mx.example.org ESMTP Exim 4.96 Mon, 01 Jan 2024')).toEqual({
      product: 'Exim smtpd',
      version: '4.96',
    });
    expect(smtpSoftware('mx.example.org ESMTP Sendmail 8.17.1.9/8.17.1.9; Mon')).toEqual({
      product: 'Sendmail',
      version: '8.17.1.9',
    });
    expect(smtpSoftware('EX01.example.org Microsoft ESMTP MAIL Service ready at Mon')).toEqual({
      product: 'Microsoft Exchange smtpd',
      version: null,
    });
    expect(smtpSoftware('web01 Microsoft ESMTP MAIL Service, Version: 10.0.17763.1 ready')).toEqual({
      product: 'Microsoft ESMTP',
      version: '10.0.17763.1',
    });
    expect(smtpSoftware(reply(fx('postfix-3.7-greeting-short')).lines.join(' '))).toBeNull();
  });

  it('prints replies on one line, non-printable bytes replaced, capped', () => {
    expect(replyText(reply('250-a\r\n250 b\xff\r\n'))).toBe('250 a / b?');
    expect(replyText(reply(`250 ${'x'.repeat(500)}\r\n`), 20)).toHaveLength(20);
  });
});
