/**
 * tls-certificate: reads the server's certificate (in the clear from a TLS ≤ 1.2 handshake, through node:tls for
 * TLS 1.3-only servers; after STARTTLS on mail and FTP ports) and reports its subject, issuer, names, validity,
 * key and signature. Flags expired, not-yet-valid and soon-expiring certificates, self-signed ones, RSA/DSA keys
 * under 2048 bits, MD5/SHA-1 signatures and a host name the certificate does not cover.
 *
 * @output
 * 443/tcp tls-certificate: CN=web-old.lab.invalid (self-signed), RSA 1024, sha1WithRSAEncryption, expired 2021-01-01
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { NetworkError } from '../core/errors.js';
import { versionName } from '../protocols/tls/codec.js';
import { summarizeCertificate, type CertificateSummary } from '../protocols/tls/certificate.js';
import { fetchCertificates, tlsTargetFor } from '../protocols/tls/client.js';
import { StarttlsRefused } from '../protocols/tls/starttls.js';
import type { Check, CheckFinding } from './types.js';
import { TLS_PORTS, TLS_SERVICES } from './tls-versions.js';

const DAY = 86_400_000;
/** Certificates expiring within this many days are reported (ACME renews at 30 days left). */
const EXPIRY_WARNING_DAYS = 30;

function day(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'invalid' : d.toISOString().slice(0, 10);
}

/** Findings about one leaf certificate, at time `now`, for a target named `host`. */
export function certificateFindings(
  cert: CertificateSummary,
  der: Uint8Array,
  host: string,
  now: number,
): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const ev = { subject: cert.subject, issuer: cert.issuer, sha256: cert.sha256 };
  const daysLeft = Math.floor((cert.notAfter.getTime() - now) / DAY);
  if (cert.notAfter.getTime() < now) {
    findings.push({
      key: 'expired',
      severity: 'medium',
      title: { en: `Certificate expired on ${day(cert.notAfter)}`, zh: `证书已于 ${day(cert.notAfter)} 过期` },
      detail: {
        en: `The certificate expired ${-daysLeft} days ago. Clients show an error that users learn to click through, which is exactly what an interception attack needs. Renew it and automate renewal (ACME).`,
        zh: `该证书已过期 ${-daysLeft} 天。客户端会报错，用户会养成点击忽略的习惯，这正是中间人攻击所需要的。应续期证书并实现自动续期（ACME）。`,
      },
      action: 'harden',
      evidence: { ...ev, notAfter: cert.notAfter.toISOString(), daysLeft },
    });
  } else if (cert.notBefore.getTime() > now) {
    findings.push({
      key: 'not-yet-valid',
      severity: 'medium',
      title: {
        en: `Certificate not valid before ${day(cert.notBefore)}`,
        zh: `证书在 ${day(cert.notBefore)} 之前无效`,
      },
      detail: {
        en: 'The certificate is not valid yet: clients reject it. Check the clock of the machine that issued it and of this server.',
        zh: '该证书尚未生效，客户端会拒绝它。应检查签发机器和本服务器的时钟。',
      },
      action: 'harden',
      evidence: { ...ev, notBefore: cert.notBefore.toISOString() },
    });
  } else if (daysLeft <= EXPIRY_WARNING_DAYS) {
    findings.push({
      key: 'expiring',
      severity: 'low',
      title: { en: `Certificate expires in ${daysLeft} days`, zh: `证书将在 ${daysLeft} 天后过期` },
      detail: {
        en: `The certificate expires on ${day(cert.notAfter)}. Renew it now, and automate renewal so it does not lapse.`,
        zh: `该证书将于 ${day(cert.notAfter)} 过期。应立即续期，并实现自动续期以免失效。`,
      },
      action: 'harden',
      evidence: { ...ev, notAfter: cert.notAfter.toISOString(), daysLeft },
    });
  }
  if (cert.selfSigned) {
    findings.push({
      key: 'self-signed',
      severity: 'medium',
      title: { en: 'Self-signed certificate', zh: '自签名证书' },
      detail: {
        en: "No authority vouches for this certificate, so clients cannot tell it from an attacker's; users either see a warning on every visit or are told to ignore it. Use a certificate from a public CA (ACME) or from your own internal CA that clients trust.",
        zh: '该证书没有任何签发机构担保，客户端无法把它与攻击者伪造的证书区分开；用户要么每次都看到警告，要么被告知忽略警告。应使用公共 CA（ACME）签发的证书，或由客户端信任的内部 CA 签发的证书。',
      },
      action: 'harden',
      evidence: ev,
    });
  }
  const weakKey =
    (cert.keyType === 'rsa' || cert.keyType === 'rsa-pss' || cert.keyType === 'dsa') && cert.keyBits > 0
      ? cert.keyBits < 2048
      : cert.keyType === 'ec' && cert.keyBits > 0 && cert.keyBits < 224;
  if (weakKey) {
    findings.push({
      key: 'weak-key',
      severity: cert.keyBits < 1024 || (cert.keyType === 'ec' && cert.keyBits < 160) ? 'high' : 'medium',
      title: {
        en: `Weak ${cert.keyType.toUpperCase()} key: ${cert.keyBits} bits`,
        zh: `密钥强度不足：${cert.keyType.toUpperCase()} ${cert.keyBits} 位`,
      },
      detail: {
        en: `NIST SP 800-131A and the CA/Browser Forum require at least 2048-bit RSA (or 224-bit elliptic-curve) keys; ${cert.keyBits}-bit keys are within reach of well-funded attackers and are refused by current TLS libraries. Issue a new certificate with an RSA-2048+ or ECDSA P-256 key.`,
        zh: `NIST SP 800-131A 和 CA/浏览器论坛要求 RSA 密钥至少 2048 位（椭圆曲线至少 224 位）；${cert.keyBits} 位的密钥在资源充足的攻击者能力范围内，且已被当前 TLS 库拒绝。应使用 RSA-2048 以上或 ECDSA P-256 密钥重新签发证书。`,
      },
      action: 'harden',
      evidence: { ...ev, keyType: cert.keyType, keyBits: cert.keyBits },
    });
  }
  if (cert.signatureHash === 'md5' || cert.signatureHash === 'md2' || cert.signatureHash === 'sha1') {
    const md = cert.signatureHash !== 'sha1';
    findings.push({
      key: 'weak-signature',
      severity: md ? 'high' : 'medium',
      title: {
        en: `Certificate signed with ${cert.signatureHash.toUpperCase()} (${cert.signatureAlgorithm})`,
        zh: `证书使用 ${cert.signatureHash.toUpperCase()} 签名（${cert.signatureAlgorithm}）`,
      },
      detail: {
        en: `${md ? 'MD5 collisions were used to forge a CA certificate in 2008' : 'SHA-1 collisions are practical (SHAttered 2017, chosen-prefix 2020)'}; browsers and TLS libraries reject such signatures. Reissue the certificate with SHA-256.`,
        zh: `${md ? '2008 年已有人利用 MD5 碰撞伪造出 CA 证书' : 'SHA-1 碰撞已切实可行（2017 年 SHAttered，2020 年选择前缀碰撞）'}，浏览器和 TLS 库会拒绝此类签名。应使用 SHA-256 重新签发证书。`,
      },
      action: 'harden',
      evidence: { ...ev, signatureAlgorithm: cert.signatureAlgorithm },
    });
  }
  if (isIP(host) === 0) {
    const matches = new X509Certificate(der).checkHost(host) !== undefined;
    if (!matches) {
      findings.push({
        key: 'name-mismatch',
        severity: 'medium',
        title: { en: `Certificate does not cover ${host}`, zh: `证书不包含主机名 ${host}` },
        detail: {
          en: `Neither the subject nor the subjectAltName of the certificate names ${host}, so clients that check names refuse the connection and users learn to ignore the warning. Issue a certificate that lists every name the service is reached by.`,
          zh: `证书的主体和 subjectAltName 中都没有 ${host}，校验主机名的客户端会拒绝连接，用户也会养成忽略警告的习惯。应签发包含该服务所有访问名称的证书。`,
        },
        action: 'harden',
        evidence: { ...ev, host, altNames: cert.altNames.join(' ') },
      });
    }
  }
  return findings;
}

export const check: Check = {
  id: 'tls-certificate',
  title: { en: 'TLS certificate', zh: 'TLS 证书' },
  categories: ['safe', 'discovery'],
  references: ['RFC 5280', 'RFC 6125', 'NIST SP 800-131A Rev. 2', 'CA/Browser Forum Baseline Requirements'],
  applies: { transport: 'tcp', ports: TLS_PORTS, services: TLS_SERVICES, tls: true },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = tlsTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    let fetched;
    try {
      fetched = await fetchCertificates(target);
    } catch (err) {
      if (err instanceof StarttlsRefused) return { status: 'not-applicable', reason: `no STARTTLS: ${err.message}` };
      if (err instanceof NetworkError) {
        if (err.code === 'BAD_REPLY' && /not answer in TLS/.test(err.message)) {
          return { status: 'not-applicable', reason: err.message };
        }
        return { status: 'error', error: err.message };
      }
      throw err;
    }
    const leaf = fetched.chain[0];
    if (leaf === undefined) return { status: 'not-applicable', reason: 'the server sent no certificate' };
    let cert: CertificateSummary;
    try {
      cert = summarizeCertificate(leaf);
    } catch (err) {
      return { status: 'error', error: `unreadable certificate: ${err instanceof Error ? err.message : String(err)}` };
    }
    const now = Date.now();
    const ipMatch = isIP(host) !== 0 ? new X509Certificate(leaf).checkIP(host) !== undefined : null;
    return {
      status: 'ok',
      evidence: {
        subject: cert.subject,
        issuer: cert.issuer,
        altNames: cert.altNames.join(' '),
        notBefore: cert.notBefore.toISOString(),
        notAfter: cert.notAfter.toISOString(),
        daysLeft: Math.floor((cert.notAfter.getTime() - now) / DAY),
        selfSigned: cert.selfSigned,
        keyType: cert.keyType,
        keyBits: cert.keyBits,
        curve: cert.curve,
        signatureAlgorithm: cert.signatureAlgorithm,
        serial: cert.serial,
        sha256: cert.sha256,
        chainLength: fetched.chain.length,
        protocol: versionName(fetched.version),
        coversAddress: ipMatch,
        starttls: target.starttls ?? null,
      },
      findings: certificateFindings(cert, leaf, host, now),
    };
  },
};
