// The signatures of knowledge/signatures/{ftp,telnet,finger,ident,nntp,shell}.yaml on replies captured from the lab's
// daemons (vsftpd, inetutils telnetd, BSD fingerd, oidentd, INN, bind shells) and on documented greetings of
// servers the lab does not run.
import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../src/identify/match.js';
import { loadSignatureSources } from '../src/identify/sources.js';
import { hexFixture } from './support/fixture.js';

const matcher = new SignatureMatcher(loadSignatureSources());
const text = (s: string): Buffer => Buffer.from(s, 'latin1');
const firstLine = (b: Buffer): Buffer => b.subarray(0, b.indexOf('\n') + 1);

describe('signatures of FTP, Telnet, Finger, Ident, NNTP and shells', () => {
  it('ftp: vsftpd from the lab, and the other common servers', () => {
    expect(matcher.match('banner', firstLine(hexFixture('ftp', 'vsftpd-3.0.3-session')))).toMatchObject({
      service: 'ftp',
      product: 'vsftpd',
      version: '3.0.3',
      cpe: 'cpe:/a:beasts:vsftpd:3.0.3',
    });
    expect(matcher.match('banner', firstLine(hexFixture('ftp', 'vsftpd-3.0.3-tls-required')))).toMatchObject({
      service: 'ftp',
      soft: true,
    });
    expect(matcher.match('help', hexFixture('ftp', 'vsftpd-3.0.3-help-probe'))).toMatchObject({ service: 'ftp' });
    expect(matcher.match('banner', text('220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.1.1.1]\r\n'))).toMatchObject({
      product: 'ProFTPD',
      version: '1.3.8',
      extraInfo: 'Debian',
    });
    expect(
      matcher.match('banner', text('220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n')),
    ).toMatchObject({
      product: 'Pure-FTPd',
    });
    expect(
      matcher.match(
        'banner',
        text('220-FileZilla Server 1.8.1\r\n220 Please visit https://filezilla-project.org/\r\n'),
      ),
    ).toMatchObject({
      product: 'FileZilla ftpd',
      version: '1.8.1',
    });
    expect(matcher.match('banner', text('220 Microsoft FTP Service\r\n'))).toMatchObject({
      product: 'Microsoft ftpd',
      os: 'Windows',
    });
    expect(matcher.match('banner', text('220 mail.example.org ESMTP Postfix\r\n'))?.service).not.toBe('ftp');
  });

  it('telnet: negotiation from inetutils telnetd, and device banners', () => {
    expect(matcher.match('banner', hexFixture('telnet', 'inetutils-telnetd-2.4-first'))).toMatchObject({
      service: 'telnet',
    });
    expect(
      matcher.match('banner', text('\xff\xfb\x01\xff\xfb\x03\r\n\r\nUser Access Verification\r\n\r\nUsername: ')),
    ).toMatchObject({
      product: 'Cisco router telnetd',
    });
  });

  it('finger: the BSD user list and "No one logged on" from the lab', () => {
    expect(matcher.match('generic-lines', hexFixture('finger', 'bsd-fingerd-0.17-list'))).toMatchObject({
      service: 'finger',
      product: 'BSD fingerd',
    });
    expect(matcher.match('generic-lines', hexFixture('finger', 'bsd-fingerd-0.17-nobody'))).toMatchObject({
      service: 'finger',
    });
  });

  it('ident: oidentd answers the 0, 0 query', () => {
    expect(matcher.match('ident-query', hexFixture('ident', 'oidentd-2.5.0-invalid-port'))).toMatchObject({
      service: 'ident',
    });
    expect(matcher.match('ident-query', text('0 , 0 : ERROR : UNKNOWN-ERROR\r\n'))).toMatchObject({ service: 'ident' });
  });

  it('nntp: INN with and without posting, and other servers', () => {
    expect(matcher.match('banner', firstLine(hexFixture('nntp', 'inn-2.7.1-posting')))).toMatchObject({
      service: 'nntp',
      product: 'INN',
      version: '2.7.1',
      extraInfo: 'posting allowed',
    });
    expect(matcher.match('banner', firstLine(hexFixture('nntp', 'inn-2.7.1-readonly')))).toMatchObject({
      extraInfo: 'no posting',
    });
    expect(
      matcher.match('banner', text('200 Leafnode NNTP Daemon, v1.11.11 running at news.example\r\n')),
    ).toMatchObject({
      product: 'Leafnode',
      version: '1.11.11',
    });
  });

  it('shell: the lab bind shells and a Windows cmd.exe', () => {
    expect(matcher.match('banner', hexFixture('shell', 'sh-1024'))).toMatchObject({ service: 'shell', product: 'sh' });
    expect(matcher.match('banner', hexFixture('shell', 'bash-99'))).toMatchObject({
      service: 'shell',
      product: 'bash',
    });
    expect(
      matcher.match(
        'banner',
        text(
          'Microsoft Windows [Version 10.0.17763.1]\r\n(c) 2018 Microsoft Corporation.\r\n\r\nC:\\Windows\\system32>',
        ),
      ),
    ).toMatchObject({ service: 'shell', version: '10.0.17763.1', os: 'Windows' });
    expect(matcher.match('banner', text('sh-5.2# '))).toMatchObject({ service: 'shell' });
    expect(matcher.match('banner', text('lab status service 1.0 - read only\r\n'))?.service).not.toBe('shell');
  });
});
