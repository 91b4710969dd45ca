/**
 * pop-capabilities — reads the POP3 greeting and the CAPA list (RFC 2449): the server software, whether STLS
 * (RFC 2595) lets clients encrypt on a cleartext port, which SASL mechanisms and login commands are offered, and
 * whether the greeting carries an APOP challenge (MD5-based login).
 *
 * Output (Dovecot with ssl = no):
 *   evidence: greeting "Dovecot (Debian) ready.", capabilities "CAPA TOP UIDL RESP-CODES PIPELINING AUTH-RESP-CODE USER SASL", stls false
 *   finding (medium): STLS is not offered: POP3 on this port cannot be encrypted
 */
import type { Check, CheckFinding, CheckOutcome } from './types.js';
import { apopChallenge } from '../protocols/pop3/codec.js';
import { Pop3Session } from '../protocols/pop3/client.js';

export const check: Check = {
  id: 'pop-capabilities',
  title: { en: 'POP3 greeting and capabilities', zh: 'POP3 欢迎信息与能力列表' },
  categories: ['safe', 'discovery'],
  references: ['RFC 1939', 'RFC 2449', 'RFC 2595', 'RFC 8314', 'CVE-2007-1558'],
  applies: { transport: 'tcp', ports: [110, 995], services: ['pop3', 'pop3s'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    const tls = service?.tls ?? port === 995;
    let session: Pop3Session;
    try {
      session = await Pop3Session.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls });
    } catch (err) {
      return failed(err);
    }
    try {
      const greeting = printable(session.greeting.text);
      if (!session.greeting.ok) {
        return { status: 'not-applicable', reason: `the server refused the session: -ERR ${greeting}` };
      }
      const caps = await session.capa();
      await session.quit();
      const challenge = apopChallenge(session.greeting.text);
      const evidence = {
        greeting,
        tls,
        capa: caps !== null,
        capabilities: caps === null ? '' : [...caps.capabilities.keys()].join(' '),
        stls: caps?.stls ?? false,
        user: caps?.user ?? false,
        sasl: caps?.saslMechanisms.join(' ') ?? '',
        implementation: caps?.implementation ?? null,
        apop: challenge !== null,
      };
      const findings: CheckFinding[] = [];
      if (!tls && caps?.stls !== true) findings.push(noStls(caps !== null));
      if (challenge !== null) findings.push(apop(challenge));
      const product = /\bDovecot\b/i.test(greeting)
        ? 'Dovecot pop3d'
        : /\bCourier\b|^Hello there\.$/i.test(greeting)
          ? 'Courier pop3d'
          : (caps?.implementation ?? null);
      return {
        status: 'ok',
        evidence,
        findings,
        service: { banner: `+OK ${greeting}`, ...(product !== null && { product }) },
      };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

function noStls(capa: boolean): CheckFinding {
  return {
    key: 'no-stls',
    severity: 'medium',
    title: {
      en: 'STLS is not offered: POP3 on this port cannot be encrypted',
      zh: '未提供 STLS：该端口上的 POP3 无法加密',
    },
    detail: {
      en:
        (capa ? 'The CAPA list has no STLS' : 'The server does not answer CAPA, so it predates STLS') +
        ', so every login and every downloaded message on this port crosses the network in clear text. Configure a ' +
        'certificate (Dovecot: ssl = required with ssl_cert and ssl_key), offer POP3 over TLS on port 995 and move ' +
        'clients there (RFC 8314).',
      zh:
        (capa ? 'CAPA 列表中没有 STLS' : '服务器不响应 CAPA，说明它早于 STLS 出现') +
        '，因此该端口上的每次登录和下载的每封邮件都以明文在网络上传输。请配置证书（Dovecot：ssl = required，并设置 ssl_cert 和 ' +
        'ssl_key），在 995 端口提供基于 TLS 的 POP3，并让客户端迁移过去（RFC 8314）。',
    },
    action: 'harden',
    evidence: { stls: false, capa },
  };
}

function apop(challenge: string): CheckFinding {
  return {
    key: 'apop',
    severity: 'low',
    title: { en: 'APOP (MD5 challenge-response) is offered', zh: '提供 APOP（基于 MD5 的质询-响应）登录' },
    detail: {
      en:
        `The greeting carries the APOP challenge ${challenge}. APOP hashes the password with MD5: a man in the middle ` +
        'can recover the first characters through MD5 collisions (CVE-2007-1558), a captured exchange can be brute-' +
        'forced offline, and the server must store the password in clear text. Disable APOP and require TLS instead.',
      zh:
        `欢迎信息中带有 APOP 质询串 ${challenge}。APOP 用 MD5 对口令做摘要：中间人可以利用 MD5 碰撞恢复口令的前几个字符` +
        '（CVE-2007-1558），截获的交互可以离线暴力破解，服务器还必须以明文保存口令。请停用 APOP，改为强制使用 TLS。',
    },
    action: 'harden',
    evidence: { apopChallenge: challenge },
  };
}

function printable(text: string): string {
  const t = text.replace(/[^\x20-\x7e]/g, '?');
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
