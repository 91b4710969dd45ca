/**
 * imap-capabilities — reads the IMAP greeting and the CAPABILITY list (RFC 3501/9051): the server software, the
 * protocol revisions, whether STARTTLS lets clients encrypt on a cleartext port, the SASL mechanisms, and whether
 * LOGINDISABLED is set before encryption. Flags a PREAUTH greeting (a session that is logged in before anyone
 * authenticated) and a cleartext port without STARTTLS.
 *
 * Output (Dovecot with ssl = no):
 *   evidence: capabilities "IMAP4REV1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN", starttls false
 *   finding (medium): STARTTLS is not offered: IMAP on this port cannot be encrypted
 */
import type { Check, CheckFinding, CheckOutcome } from './types.js';
import { parseCapabilityLine, summarizeCapabilities } from '../protocols/imap/codec.js';
import { ImapSession } from '../protocols/imap/client.js';

export const check: Check = {
  id: 'imap-capabilities',
  title: { en: 'IMAP greeting and capabilities', zh: 'IMAP 欢迎信息与能力列表' },
  categories: ['safe', 'discovery'],
  references: ['RFC 3501', 'RFC 9051', 'RFC 2595', 'RFC 8314'],
  applies: { transport: 'tcp', ports: [143, 993], services: ['imap', 'imaps'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    const tls = service?.tls ?? port === 993;
    let session: ImapSession;
    try {
      session = await ImapSession.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls });
    } catch (err) {
      return failed(err);
    }
    try {
      const { greeting } = session;
      const text = printable(greeting.text);
      if (greeting.status === 'bye') {
        return { status: 'not-applicable', reason: `the server refused the session: * BYE ${text}` };
      }
      // The list in the greeting may be abridged; the CAPABILITY command gives the authoritative one.
      const result = await session.command('CAPABILITY');
      await session.logout();
      const listed = [...result.untagged, `${result.tagged.tag} OK ${result.tagged.text}`]
        .map((l) => parseCapabilityLine(l))
        .find((c) => c !== null);
      const capabilities = listed ?? greeting.capabilities ?? [];
      const summary = summarizeCapabilities(capabilities);
      const evidence = {
        greeting: text,
        tls,
        preauth: greeting.status === 'preauth',
        capabilities: capabilities.join(' '),
        revisions: summary.revisions.join(' '),
        starttls: summary.starttls,
        loginDisabled: summary.loginDisabled,
        auth: summary.authMechanisms.join(' '),
      };
      const findings: CheckFinding[] = [];
      if (greeting.status === 'preauth') findings.push(preauth(text));
      if (!tls && !summary.starttls) findings.push(noStarttls());
      const product = /\bDovecot\b/i.test(text)
        ? 'Dovecot imapd'
        : /\bCourier\b/i.test(text)
          ? 'Courier Imapd'
          : /\bCyrus\b/i.test(text)
            ? 'Cyrus imapd'
            : null;
      return {
        status: 'ok',
        evidence,
        findings,
        service: { banner: `* ${greeting.status.toUpperCase()} ${text}`, ...(product !== null && { product }) },
      };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

function preauth(text: string): CheckFinding {
  return {
    key: 'preauth',
    severity: 'critical',
    title: {
      en: 'IMAP PREAUTH: the session is logged in without credentials',
      zh: 'IMAP PREAUTH：无需凭据即已登录',
    },
    detail: {
      en:
        `The server greeted with PREAUTH ("${text}"): whoever connects is already authenticated and can read the ` +
        'mailbox. PREAUTH is meant for connections the server has authenticated by other means (a local pipe, a ' +
        'client certificate); on a network port it exposes mail to everyone. Remove the pre-authentication.',
      zh:
        `服务器以 PREAUTH 作为欢迎（“${text}”）：任何连接者都已处于认证状态，可以读取邮箱。PREAUTH 只适用于服务器已通过其他` +
        '方式认证的连接（本地管道、客户端证书）；出现在网络端口上意味着邮件对所有人公开。请取消预认证。',
    },
    action: 'close',
    evidence: { greeting: text },
  };
}

function noStarttls(): CheckFinding {
  return {
    key: 'no-starttls',
    severity: 'medium',
    title: {
      en: 'STARTTLS is not offered: IMAP on this port cannot be encrypted',
      zh: '未提供 STARTTLS：该端口上的 IMAP 无法加密',
    },
    detail: {
      en:
        'The CAPABILITY list has no STARTTLS, so logins and every message read on this port cross the network in ' +
        'clear text. Configure a certificate (Dovecot: ssl = required with ssl_cert and ssl_key), offer IMAP over ' +
        'TLS on port 993 and move clients there (RFC 8314).',
      zh:
        'CAPABILITY 列表中没有 STARTTLS，该端口上的登录和读取的每封邮件都以明文在网络上传输。请配置证书（Dovecot：' +
        'ssl = required，并设置 ssl_cert 和 ssl_key），在 993 端口提供基于 TLS 的 IMAP，并让客户端迁移过去（RFC 8314）。',
    },
    action: 'harden',
    evidence: { starttls: false },
  };
}

function printable(text: string): string {
  const t = text.replace(/[^\x20-\x7e]/g, '?');
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
