/**
 * tls-ciphers: every cipher suite the server accepts, per protocol version, enumerated like nmap's
 * ssl-enum-ciphers (offer a list, remove the suite the server picks, offer the rest again) with hand-built hellos,
 * so suites the local TLS library refuses (export, RC4, NULL, anonymous) are still found. Flags NULL, anonymous,
 * export, RC4, DES and 3DES suites.
 *
 * @output
 * 443/tcp tls-ciphers: TLSv1.2 30 suites, TLSv1.0 9 suites — high: anonymous suites accepted (TLS_ECDH_anon_WITH_AES_128_CBC_SHA …)
 */
import { NetworkError } from '../core/errors.js';
import type { Severity } from '../core/finding.js';
import type { Text } from '../core/lang.js';
import { SSL3, TLS10, TLS11, TLS12, TLS13, versionName } from '../protocols/tls/codec.js';
import { acceptedSuites, acceptsVersion, tlsTargetFor } from '../protocols/tls/client.js';
import { StarttlsRefused } from '../protocols/tls/starttls.js';
import { suiteByCode, type SuiteWeakness } from '../protocols/tls/suites.js';
import type { Check, CheckFinding, Evidence } from './types.js';
import { TLS_PORTS, TLS_SERVICES } from './tls-versions.js';

const CLASSES: Readonly<Record<SuiteWeakness, { severity: Severity; title: Text; detail: Text; refs: string }>> = {
  null: {
    severity: 'high',
    title: { en: 'NULL (unencrypted) suites accepted', zh: '服务器接受 NULL（不加密）套件' },
    detail: {
      en: 'With a NULL suite the traffic is authenticated but sent in clear text: anyone on the path reads it. Remove eNULL from the cipher list.',
      zh: '使用 NULL 套件时流量只做完整性校验、不加密，路径上的任何人都能读取。应从加密套件列表中去掉 eNULL。',
    },
    refs: 'RFC 5246',
  },
  anon: {
    severity: 'high',
    title: { en: 'Anonymous (unauthenticated) suites accepted', zh: '服务器接受匿名（无认证）套件' },
    detail: {
      en: 'Anonymous Diffie-Hellman suites send no certificate, so a man in the middle can impersonate the server without any warning. Remove aNULL from the cipher list.',
      zh: '匿名 Diffie-Hellman 套件不发送证书，中间人可以毫无告警地冒充服务器。应从加密套件列表中去掉 aNULL。',
    },
    refs: 'RFC 5246 appendix F.1.1.1',
  },
  export: {
    severity: 'high',
    title: { en: 'Export-grade suites accepted', zh: '服务器接受出口级套件' },
    detail: {
      en: 'Export suites use 40- or 56-bit keys and 512-bit key exchange, breakable in hours; FREAK (CVE-2015-0204) and Logjam (CVE-2015-4000) force them even on clients that did not ask. Remove EXPORT from the cipher list.',
      zh: '出口级套件使用 40 或 56 位密钥和 512 位密钥交换，几小时内即可破解；FREAK（CVE-2015-0204）和 Logjam（CVE-2015-4000）甚至能迫使未请求它们的客户端使用。应从加密套件列表中去掉 EXPORT。',
    },
    refs: 'CVE-2015-0204, CVE-2015-4000',
  },
  des: {
    severity: 'high',
    title: { en: 'Single-DES suites accepted', zh: '服务器接受单 DES 套件' },
    detail: {
      en: 'DES has a 56-bit key that commodity hardware searches exhaustively in about a day. Remove DES from the cipher list.',
      zh: 'DES 的密钥只有 56 位，普通硬件约一天即可穷举。应从加密套件列表中去掉 DES。',
    },
    refs: 'RFC 5469',
  },
  rc4: {
    severity: 'medium',
    title: { en: 'RC4 suites accepted', zh: '服务器接受 RC4 套件' },
    detail: {
      en: 'RC4 keystream biases let an attacker recover cookies and passwords from repeated connections; RFC 7465 prohibits RC4 in TLS. Remove RC4 from the cipher list.',
      zh: 'RC4 密钥流存在偏差，攻击者可从大量重复连接中恢复 Cookie 和口令；RFC 7465 已禁止在 TLS 中使用 RC4。应从加密套件列表中去掉 RC4。',
    },
    refs: 'RFC 7465, CVE-2013-2566, CVE-2015-2808',
  },
  '3des': {
    severity: 'medium',
    title: { en: '3DES suites accepted (SWEET32)', zh: '服务器接受 3DES 套件（SWEET32）' },
    detail: {
      en: "3DES has a 64-bit block: after a few hundred gigabytes on one connection, block collisions reveal plaintext such as session cookies (SWEET32, CVE-2016-2183). Remove 3DES from the cipher list; it is only needed by Windows XP's IE.",
      zh: '3DES 的分组只有 64 位：同一连接传输数百 GB 后，分组碰撞会泄露会话 Cookie 等明文（SWEET32，CVE-2016-2183）。应从加密套件列表中去掉 3DES，只有 Windows XP 上的 IE 才需要它。',
    },
    refs: 'CVE-2016-2183',
  },
};

const ORDER: readonly SuiteWeakness[] = ['null', 'anon', 'export', 'des', 'rc4', '3des'];

export const check: Check = {
  id: 'tls-ciphers',
  title: { en: 'TLS cipher suites', zh: 'TLS 加密套件' },
  categories: ['safe', 'discovery'],
  references: ['RFC 7525', 'RFC 9325', 'RFC 7465', 'CVE-2016-2183', 'CVE-2015-0204', 'CVE-2015-4000'],
  applies: { transport: 'tcp', ports: TLS_PORTS, services: TLS_SERVICES, tls: true },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = tlsTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    const perVersion = new Map<number, number[]>();
    try {
      let notTls = 0;
      for (const version of [TLS13, TLS12, TLS11, TLS10, SSL3]) {
        const r = await acceptsVersion(target, version);
        if (r.kind === 'not-tls') notTls += 1;
        if (r.kind === 'accepted') perVersion.set(version, await acceptedSuites(target, version));
      }
      if (notTls === 5) return { status: 'not-applicable', reason: 'the service does not answer in TLS' };
    } catch (err) {
      if (err instanceof StarttlsRefused) return { status: 'not-applicable', reason: `no STARTTLS: ${err.message}` };
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    if (perVersion.size === 0) return { status: 'not-applicable', reason: 'the server accepted no TLS hello' };
    const evidence: Record<string, string | number | boolean | null> = { starttls: target.starttls ?? null };
    const weak = new Map<SuiteWeakness, { suites: Set<string>; versions: Set<string> }>();
    let total = 0;
    let forwardSecret = 0;
    for (const [version, codes] of perVersion) {
      const name = versionName(version);
      evidence[name] = codes.map((c) => suiteByCode(c).name).join(' ');
      total += codes.length;
      for (const code of codes) {
        const suite = suiteByCode(code);
        if (suite.forwardSecret) forwardSecret += 1;
        for (const w of suite.weaknesses) {
          const entry = weak.get(w) ?? { suites: new Set(), versions: new Set() };
          entry.suites.add(suite.name);
          entry.versions.add(name);
          weak.set(w, entry);
        }
      }
    }
    evidence['suites'] = total;
    evidence['forwardSecretSuites'] = forwardSecret;
    evidence['weakClasses'] = ORDER.filter((w) => weak.has(w)).join(' ');
    const findings: CheckFinding[] = [];
    for (const w of ORDER) {
      const entry = weak.get(w);
      if (entry === undefined) continue;
      const c = CLASSES[w];
      const suites = [...entry.suites];
      const e: Evidence = {
        suites: suites.join(' '),
        count: suites.length,
        versions: [...entry.versions].join(' '),
        references: c.refs,
      };
      findings.push({
        key: w,
        severity: c.severity,
        title: c.title,
        detail: {
          en: `${c.detail.en} Accepted: ${suites.join(', ')}.`,
          zh: `${c.detail.zh} 接受的套件：${suites.join('、')}。`,
        },
        action: 'harden',
        evidence: e,
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
