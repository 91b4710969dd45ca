/**
 * tls-versions: which of SSL 2.0, SSL 3.0 and TLS 1.0–1.3 the server accepts, found with hand-built hellos (one
 * per version, every suite of that version offered), so versions the local TLS library no longer speaks are still
 * seen. Runs on TLS ports and, through STARTTLS, on SMTP, POP3, IMAP and FTP.
 *
 * @output
 * 443/tcp tls-versions: TLSv1.0 TLSv1.1 TLSv1.2 — medium: TLS 1.0/1.1 accepted (RFC 8996)
 */
import { NetworkError } from '../core/errors.js';
import { SSL3, TLS10, TLS11, TLS12, TLS13, versionName } from '../protocols/tls/codec.js';
import { acceptsSsl2, acceptsVersion, tlsTargetFor } from '../protocols/tls/client.js';
import { StarttlsRefused } from '../protocols/tls/starttls.js';
import type { Check, CheckFinding } from './types.js';

/** TLS on its own port, and the STARTTLS mail/FTP ports. */
export const TLS_PORTS = [
  443, 465, 636, 989, 990, 993, 995, 2376, 5061, 5986, 8443, 9443, 10250, 21, 25, 110, 143, 587, 3389,
];
export const TLS_SERVICES = [
  'https',
  'smtps',
  'submissions',
  'imaps',
  'pop3s',
  'ldaps',
  'ftps',
  'smtp',
  'submission',
  'pop3',
  'imap',
  'ftp',
  'ms-wbt-server',
];

export const check: Check = {
  id: 'tls-versions',
  title: { en: 'TLS protocol versions', zh: 'TLS 协议版本' },
  categories: ['safe', 'discovery'],
  references: ['RFC 8996', 'RFC 7568', 'RFC 6176', 'RFC 8446', 'CVE-2014-3566', 'CVE-2016-0800'],
  applies: { transport: 'tcp', ports: TLS_PORTS, services: TLS_SERVICES, tls: true },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = tlsTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    const accepted: number[] = [];
    let notTls = 0;
    try {
      for (const version of [TLS13, TLS12, TLS11, TLS10, SSL3]) {
        const r = await acceptsVersion(target, version);
        if (r.kind === 'accepted') accepted.push(version);
        if (r.kind === 'not-tls') notTls += 1;
      }
      if (notTls === 5) return { status: 'not-applicable', reason: 'the service does not answer in TLS' };
      const ssl2 = await acceptsSsl2(target);
      if (ssl2) accepted.push(0x0002);
    } catch (err) {
      if (err instanceof StarttlsRefused) return { status: 'not-applicable', reason: `no STARTTLS: ${err.message}` };
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    if (accepted.length === 0) return { status: 'not-applicable', reason: 'the server accepted no TLS or SSL hello' };
    const names = accepted.map((v) => versionName(v));
    const has = (v: number): boolean => accepted.includes(v);
    const evidence = {
      accepted: names.join(' '),
      sslv2: has(0x0002),
      sslv3: has(SSL3),
      tls1_0: has(TLS10),
      tls1_1: has(TLS11),
      tls1_2: has(TLS12),
      tls1_3: has(TLS13),
      starttls: target.starttls ?? null,
    };
    const findings: CheckFinding[] = [];
    if (has(0x0002)) {
      findings.push({
        key: 'sslv2',
        severity: 'high',
        title: { en: 'SSL 2.0 accepted', zh: '服务器接受 SSL 2.0' },
        detail: {
          en: 'SSL 2.0 is broken by design and prohibited (RFC 6176); a server that still speaks it also exposes its RSA key to DROWN (CVE-2016-0800), even for its TLS connections. Disable SSLv2.',
          zh: 'SSL 2.0 在设计上就不安全，已被 RFC 6176 禁止；仍支持它的服务器还会让其 RSA 密钥遭受 DROWN 攻击（CVE-2016-0800），连带影响 TLS 连接。应禁用 SSLv2。',
        },
        action: 'harden',
        evidence: { version: 'SSLv2' },
      });
    }
    if (has(SSL3)) {
      findings.push({
        key: 'sslv3',
        severity: 'high',
        title: { en: 'SSL 3.0 accepted', zh: '服务器接受 SSL 3.0' },
        detail: {
          en: 'SSL 3.0 is deprecated (RFC 7568): its CBC padding lets an attacker on the path decrypt cookies and credentials (POODLE, CVE-2014-3566). Allow only TLS 1.2 and 1.3.',
          zh: 'SSL 3.0 已被 RFC 7568 废弃：其 CBC 填充方式让路径上的攻击者能解密 Cookie 和凭据（POODLE，CVE-2014-3566）。应只允许 TLS 1.2 和 1.3。',
        },
        action: 'harden',
        evidence: { version: 'SSLv3' },
      });
    }
    const old = [TLS10, TLS11].filter(has).map((v) => versionName(v));
    if (old.length > 0) {
      findings.push({
        key: 'tls1.0-1.1',
        severity: 'medium',
        title: { en: `Deprecated ${old.join(' and ')} accepted`, zh: `服务器接受已废弃的 ${old.join(' 和 ')}` },
        detail: {
          en: `RFC 8996 deprecates TLS 1.0 and 1.1: they rely on SHA-1 and MD5 in the handshake, have only CBC and RC4 suites, and are open to BEAST-style attacks; current browsers refuse them. Allow only TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3).`,
          zh: `RFC 8996 已废弃 TLS 1.0 和 1.1：它们在握手中依赖 SHA-1 和 MD5，只有 CBC 和 RC4 类套件，易受 BEAST 一类攻击，当前浏览器已拒绝使用。应只允许 TLS 1.2 和 1.3（nginx：ssl_protocols TLSv1.2 TLSv1.3;；Apache：SSLProtocol -all +TLSv1.2 +TLSv1.3）。`,
        },
        action: 'harden',
        evidence: { versions: old.join(' ') },
      });
    }
    if (!has(TLS12) && !has(TLS13)) {
      findings.push({
        key: 'no-modern-tls',
        severity: 'high',
        title: { en: 'Neither TLS 1.2 nor TLS 1.3 is accepted', zh: '服务器既不支持 TLS 1.2 也不支持 TLS 1.3' },
        detail: {
          en: `The newest version this server speaks is ${names[0] ?? ''}; every protocol it offers is deprecated and current clients will refuse to connect. Upgrade the TLS library or the product.`,
          zh: `该服务器支持的最高版本是 ${names[0] ?? ''}，它提供的所有协议都已废弃，当前客户端将拒绝连接。应升级 TLS 库或该产品。`,
        },
        action: 'harden',
        evidence: { newest: names[0] ?? '' },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
