// The signatures of knowledge/signatures/{smtp,pop3,imap,pop2}.yaml on greetings captured from the lab's Postfix and
// Dovecot, and on documented greetings of the servers the lab does not run (Exim, Sendmail, Exchange, qmail,
// Courier, Cyrus, UW, POP2).
import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../src/identify/match.js';
import { loadSignatureSources } from '../src/identify/sources.js';
import { hexFixture } from './support/fixture.js';

const matcher = new SignatureMatcher(loadSignatureSources());
const text = (s: string): Buffer => Buffer.from(s, 'latin1');
const banner = (s: string): ReturnType<SignatureMatcher['match']> => matcher.match('banner', text(s));

describe('SMTP signatures', () => {
  it('Postfix from the lab: product from the default banner, service only from a hardened one', () => {
    expect(matcher.match('banner', hexFixture('smtp', 'postfix-3.7-greeting'))).toEqual({
      service: 'smtp',
      soft: false,
      product: 'Postfix smtpd',
      extraInfo: 'Debian/GNU',
      cpe: 'cpe:/a:postfix:postfix',
    });
    expect(matcher.match('banner', hexFixture('smtp', 'postfix-3.7-greeting-short'))).toEqual({
      service: 'smtp',
      soft: false,
    });
  });

  it('the other common servers, with versions where they print them', () => {
    expect(banner('220 mx.example.org ESMTP Exim 4.96 Mon, 01 Jan 2024 10:00:00 +0000\r\n')).toMatchObject({
      product: 'Exim smtpd',
      version: '4.96',
      cpe: 'cpe:/a:exim:exim:4.96',
    });
    expect(
      banner('220 mx.example.org ESMTP Sendmail 8.17.1.9/8.17.1.9; Mon, 1 Jan 2024 10:00:00 GMT\r\n'),
    ).toMatchObject({ product: 'Sendmail', version: '8.17.1.9', extraInfo: '8.17.1.9' });
    expect(
      banner('220 EX01.example.org Microsoft ESMTP MAIL Service ready at Mon, 1 Jan 2024 10:00:00 +0000\r\n'),
    ).toMatchObject({ product: 'Microsoft Exchange smtpd', os: 'Windows' });
    expect(
      banner('220 web01 Microsoft ESMTP MAIL Service, Version: 10.0.17763.1 ready at  Mon, 1 Jan 2024\r\n'),
    ).toMatchObject({ product: 'Microsoft ESMTP', version: '10.0.17763.1' });
    expect(banner('220 mail.example.org ESMTP OpenSMTPD\r\n')).toMatchObject({ product: 'OpenSMTPD' });
    expect(banner('220 mx.example.org ESMTP Haraka/3.0.3 ready\r\n')).toMatchObject({ version: '3.0.3' });
  });

  it('qmail and Sendmail by their HELP answers', () => {
    expect(matcher.match('help', text('214 netqmail home page: http://qmail.org/netqmail\r\n'))).toMatchObject({
      product: 'netqmail smtpd',
    });
    // With the greeting in front, as the help probe sees it. Only SMTP signatures are asked: ftp.yaml's HELP rule
    // also claims any 220 greeting followed by a 214 reply (reported to the owner of ftp.yaml).
    const smtpOnly = new Set(['smtp']);
    expect(
      matcher.match(
        'help',
        text('220 mx ESMTP\r\n214-2.0.0 This is sendmail version 8.15.2\r\n214-2.0.0 Topics:\r\n'),
        smtpOnly,
      ),
    ).toMatchObject({ product: 'Sendmail', version: '8.15.2' });
    expect(
      matcher.match(
        'help',
        text('214-Commands supported:\r\n214 AUTH HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP\r\n'),
      ),
    ).toEqual({ service: 'smtp', soft: true });
  });

  it('refusals are SMTP only softly; FTP greetings are not SMTP', () => {
    expect(banner('554 5.7.1 mx.example.org ESMTP not accepting connections\r\n')).toMatchObject({
      service: 'smtp',
      soft: true,
    });
    expect(banner('220 (vsFTPd 3.0.3)\r\n')?.service).toBe('ftp');
    expect(banner('220 ProFTPD Server (Debian) [::ffff:10.1.1.1]\r\n')?.service).not.toBe('smtp');
  });
});

describe('POP3 signatures', () => {
  it('Dovecot from the lab, and the others by their default greetings', () => {
    expect(matcher.match('banner', hexFixture('pop3', 'dovecot-2.3-greeting'))).toEqual({
      service: 'pop3',
      soft: false,
      product: 'Dovecot pop3d',
      extraInfo: 'Debian',
      cpe: 'cpe:/a:dovecot:dovecot',
    });
    expect(banner('+OK Dovecot ready.\r\n')).toMatchObject({ product: 'Dovecot pop3d' });
    expect(banner('+OK Hello there.\r\n')).toMatchObject({ product: 'Courier pop3d' });
    expect(banner('+OK mail.example.org Cyrus POP3 v2.4.17-Debian-2.4.17 server ready <1@mail>\r\n')).toMatchObject({
      product: 'Cyrus pop3d',
      version: '2.4.17-Debian-2.4.17',
    });
    expect(banner('+OK POP3 mail.example.org v2007f.104 server ready\r\n')).toMatchObject({
      product: 'UW ipop3d',
      version: 'v2007f.104',
    });
    expect(banner('+OK Qpopper (version 4.1.0) at mail.example.org starting.\r\n')).toMatchObject({
      version: '4.1.0',
    });
    expect(banner('+OK The Microsoft Exchange POP3 service is ready.\r\n')).toMatchObject({ os: 'Windows' });
  });

  it('a bare +OK is POP3 only softly; POP2 is not POP3', () => {
    expect(banner('+OK ready\r\n')).toEqual({ service: 'pop3', soft: true });
    expect(banner('+ POP2 mail.example.org v2001.78 server ready\r\n')?.service).toBe('pop2');
  });
});

describe('IMAP signatures', () => {
  it('Dovecot from the lab, with or without a capability code', () => {
    for (const name of ['dovecot-2.3-greeting-plain', 'dovecot-2.3-greeting-tls']) {
      expect(matcher.match('banner', hexFixture('imap', name))).toMatchObject({
        service: 'imap',
        product: 'Dovecot imapd',
        extraInfo: 'Debian',
      });
    }
  });

  it('the others by their default greetings', () => {
    expect(
      banner(
        '* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN] Courier-IMAP ready. Copyright 1998-2018 Double Precision\r\n',
      ),
    ).toMatchObject({ product: 'Courier Imapd' });
    expect(banner('* OK mail.example.org Cyrus IMAP v3.6.1-Debian-3.6.1-4 server ready\r\n')).toMatchObject({
      product: 'Cyrus imapd',
      version: '3.6.1-Debian-3.6.1-4',
    });
    expect(
      banner(
        '* OK [CAPABILITY IMAP4REV1 LITERAL+ STARTTLS] mail.example.org IMAP4rev1 2007f.404 at Mon, 1 Jan 2024\r\n',
      ),
    ).toMatchObject({ product: 'UW imapd', version: '2007f.404' });
    expect(banner('* OK The Microsoft Exchange IMAP4 service is ready.\r\n')).toMatchObject({ os: 'Windows' });
    expect(banner('* PREAUTH IMAP4rev1 server logged in as alice\r\n')).toEqual({ service: 'imap', soft: false });
    expect(banner('* OK ready\r\n')).toEqual({ service: 'imap', soft: true });
  });
});

describe('POP2 signatures', () => {
  it("UW ipop2d's greeting and RFC 937's", () => {
    expect(banner('+ POP2 mail.example.org v2001.78 server ready\r\n')).toMatchObject({
      service: 'pop2',
      product: 'UW ipop2d',
      version: 'v2001.78',
      extraInfo: 'host mail.example.org',
    });
    expect(banner('+ POP2 USC-ISIF.ARPA server ready\r\n')).toEqual({ service: 'pop2', soft: false });
  });
});
