import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  ftpFeatures,
  ftpProduct,
  ftpReplyLength,
  offersTls,
  parseEpsv,
  parseFtpReply,
  parseListing,
  parsePasv,
  type FtpReply,
} from './codec.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/ftp/${name}`, import.meta.url), 'utf8').trim(), 'hex');

/** Every reply in a captured session, framed as the client frames them. */
function replies(bytes: Uint8Array): FtpReply[] {
  const out: FtpReply[] = [];
  let rest = bytes;
  for (;;) {
    const n = ftpReplyLength(rest);
    if (n < 0) break;
    out.push(parseFtpReply(rest.subarray(0, n)));
    rest = rest.subarray(n);
  }
  expect(rest.length).toBe(0);
  return out;
}

describe('FTP replies from vsftpd 3.0.3', () => {
  it('frames a whole session: greeting, multi-line FEAT, login, PASV, EPSV', () => {
    const r = replies(fixture('vsftpd-3.0.3-session.hex'));
    expect(r.map((x) => x.code)).toEqual([220, 211, 331, 230, 227, 229, 221]);
    const [greeting, feat, , , pasv, epsv] = r;
    expect(ftpProduct(greeting?.lines.join('\n') ?? '')).toEqual({ product: 'vsftpd', version: '3.0.3', os: null });
    const features = feat === undefined ? [] : ftpFeatures(feat);
    expect(features).toContain('EPSV');
    expect(offersTls(features)).toBe(false);
    expect(pasv === undefined ? null : parsePasv(pasv)?.host).toBe('203.0.113.21');
    expect(epsv === undefined ? null : parseEpsv(epsv)?.port).toBeGreaterThanOrEqual(40021);
  });

  it('sees AUTH TLS and the 530 of a server that requires it', () => {
    const r = replies(fixture('vsftpd-3.0.3-tls-required.hex'));
    // vsftpd ends the session after refusing the plaintext login: no reply to QUIT.
    expect(r.map((x) => x.code)).toEqual([220, 211, 530]);
    expect(offersTls(r[1] === undefined ? [] : ftpFeatures(r[1]))).toBe(true);
    expect(ftpProduct(r[0]?.lines.join('\n') ?? '')).toBeNull();
  });

  it('reads the third host a NAT-misconfigured server names', () => {
    const r = replies(fixture('vsftpd-3.0.3-pasv-third-host.hex'));
    const pasv = r.find((x) => x.code === 227);
    expect(pasv === undefined ? null : parsePasv(pasv)?.host).toBe('203.0.113.29');
  });
});

describe('ftpReplyLength', () => {
  it('waits for the end of a multi-line reply and ignores look-alike lines of another code', () => {
    const text = '211-Features:\r\n 230 not the end\r\n211-still going\r\n211 End\r\n';
    for (let i = 1; i < text.length; i++) expect(ftpReplyLength(Buffer.from(text.slice(0, i)))).toBe(-1);
    expect(ftpReplyLength(Buffer.from(text))).toBe(text.length);
    expect(parseFtpReply(Buffer.from(text)).lines).toEqual(['Features:', ' 230 not the end', 'still going', 'End']);
  });

  it('refuses non-replies and replies past the cap', () => {
    expect(() => ftpReplyLength(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toThrow(/not an FTP reply/);
    expect(() => ftpReplyLength(Buffer.from(`220-${'x'.repeat(70_000)}`))).toThrow(/longer than/);
    expect(() => ftpReplyLength(Buffer.from(`220-a\r\n${' line\r\n'.repeat(20_000)}`))).toThrow(/longer than/);
  });

  it('never crashes on noise', () => {
    for (let seed = 1; seed < 300; seed++) {
      const bytes = noise(seed, seed % 97);
      try {
        const n = ftpReplyLength(bytes);
        if (n > 0) parseFtpReply(bytes.subarray(0, n));
      } catch (err) {
        expect((err as Error).name).toBe('NetworkError');
      }
    }
  });
});

describe('PASV and EPSV', () => {
  it('scans for the six numbers in any wording (RFC 1123) and rejects bad ones', () => {
    expect(parsePasv({ code: 227, lines: ['=203,0,113,9,4,1'] })).toEqual({ host: '203.0.113.9', port: 1025 });
    expect(parsePasv({ code: 227, lines: ['Entering Passive Mode (300,0,0,1,4,1)'] })).toBeNull();
    expect(parsePasv({ code: 227, lines: ['Entering Passive Mode (10,0,0,1,0,0)'] })).toBeNull();
    expect(parsePasv({ code: 500, lines: ['(10,0,0,1,4,1)'] })).toBeNull();
    expect(parseEpsv({ code: 229, lines: ['Entering Extended Passive Mode (!!!6446!)'] })).toEqual({
      host: null,
      port: 6446,
    });
    expect(parseEpsv({ code: 229, lines: ['(|||70000|)'] })).toBeNull();
    expect(parseEpsv({ code: 229, lines: ['(|!|21|)'] })).toBeNull();
  });
});

describe('parseListing', () => {
  it('reads Unix, DOS/IIS and NLST listings', () => {
    const unix =
      'total 12\r\ndrwxr-xr-x    2 107      110          4096 Nov 29 20:58 incoming\r\n-rw-r--r--    1 0        0              28 Nov 29  2025 welcome msg.txt\r\nlrwxrwxrwx 1 0 0 3 Jan 1 10:00 cur -> pub\r\n';
    expect(parseListing(unix)).toEqual([
      { name: 'incoming', type: 'dir', size: 4096 },
      { name: 'welcome msg.txt', type: 'file', size: 28 },
      { name: 'cur', type: 'link', size: 3 },
    ]);
    expect(
      parseListing('11-29-26  08:58PM       <DIR>          pub\r\n11-29-26  08:58PM                  28 a.txt\r\n'),
    ).toEqual([
      { name: 'pub', type: 'dir', size: null },
      { name: 'a.txt', type: 'file', size: 28 },
    ]);
    expect(parseListing('pub\r\nwelcome.msg\r\n').map((e) => e.name)).toEqual(['pub', 'welcome.msg']);
    expect(parseListing('a\n'.repeat(1000))).toHaveLength(200);
  });
});

describe('ftpProduct', () => {
  it('names the common servers from their greetings', () => {
    expect(ftpProduct('ProFTPD 1.3.5 Server (Debian) [::ffff:10.0.0.1]')).toMatchObject({
      product: 'ProFTPD',
      version: '1.3.5',
    });
    expect(ftpProduct('---------- Welcome to Pure-FTPd [privsep] [TLS] ----------')).toMatchObject({
      product: 'Pure-FTPd',
    });
    expect(ftpProduct('FileZilla Server 0.9.60 beta')).toMatchObject({
      product: 'FileZilla Server',
      version: '0.9.60',
    });
    expect(ftpProduct('Microsoft FTP Service', 'Windows_NT')).toEqual({
      product: 'Microsoft ftpd',
      version: null,
      os: 'Windows_NT',
    });
    expect(ftpProduct('Welcome', 'UNIX Type: L8')).toEqual({ product: 'unknown', version: null, os: 'UNIX' });
  });
});
