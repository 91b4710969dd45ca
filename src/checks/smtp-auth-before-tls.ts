/**
 * smtp-auth-before-tls — whether an SMTP server offers AUTH (RFC 4954) on a connection that is not encrypted yet.
 * Reads only the EHLO reply; sends no credentials.
 *
 * Output (Postfix with smtpd_sasl_auth_enable = yes and smtpd_tls_auth_only = no, no TLS):
 *   evidence: auth "PLAIN LOGIN", starttls false
 *   finding (high): AUTH PLAIN LOGIN is offered before TLS: passwords can be sent in clear text
 */
import type { Check, CheckOutcome } from './types.js';
import { CLEARTEXT_MECHANISMS, replyText } from '../protocols/smtp/codec.js';
import { SmtpSession } from '../protocols/smtp/client.js';

export const check: Check = {
  id: 'smtp-auth-before-tls',
  title: { en: 'SMTP AUTH before TLS', zh: 'TLS 之前提供 SMTP 认证' },
  categories: ['safe', 'auth'],
  references: ['RFC 4954', 'RFC 3207', 'RFC 8314', 'https://www.postfix.org/postconf.5.html#smtpd_tls_auth_only'],
  applies: { transport: 'tcp', ports: [25, 587], services: ['smtp', 'submission'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    if (service?.tls === true || (service === null && port === 465)) {
      return { status: 'not-applicable', reason: 'the service speaks TLS from the first byte' };
    }
    let session: SmtpSession;
    try {
      session = await SmtpSession.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls: false });
    } catch (err) {
      return failed(err);
    }
    try {
      if (session.greeting.code !== 220) {
        return { status: 'not-applicable', reason: `the server refused the session: ${replyText(session.greeting)}` };
      }
      const { ehlo } = await session.hello();
      await session.quit();
      if (ehlo === null) {
        return { status: 'not-applicable', reason: 'the server does not speak ESMTP, so it cannot offer AUTH' };
      }
      const mechanisms = ehlo.authMechanisms;
      const cleartext = mechanisms.filter((m) => CLEARTEXT_MECHANISMS.includes(m));
      const evidence = {
        auth: mechanisms.join(' '),
        cleartextMechanisms: cleartext.join(' '),
        starttls: ehlo.starttls,
      };
      if (mechanisms.length === 0) return { status: 'ok', evidence, findings: [] };
      const list = mechanisms.join(' ');
      if (cleartext.length > 0) {
        return {
          status: 'ok',
          evidence,
          findings: [
            {
              key: 'cleartext',
              severity: 'high',
              title: {
                en: `AUTH ${list} is offered before TLS: passwords can cross the network in clear text`,
                zh: `在启用 TLS 之前就提供 AUTH ${list}：口令可能以明文在网络上传输`,
              },
              detail: {
                en:
                  `The server accepts ${cleartext.join(' and ')} authentication on an unencrypted connection. These ` +
                  'mechanisms send the password itself (only base64-encoded), so anyone on the path can capture it; ' +
                  'mail clients configured without TLS will do exactly that. Offer AUTH only after STARTTLS ' +
                  '(Postfix: smtpd_tls_auth_only = yes; Exim: auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}) ' +
                  'and move clients to port 465 or to 587 with STARTTLS required.',
                zh:
                  `服务器允许在未加密的连接上使用 ${cleartext.join(' 和 ')} 认证。这些机制发送的就是口令本身（只做了 base64 编码），` +
                  '路径上的任何人都能截获；未配置 TLS 的邮件客户端正会这样发送。请只在 STARTTLS 之后提供 AUTH（Postfix：' +
                  'smtpd_tls_auth_only = yes；Exim：auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}），' +
                  '并让客户端改用 465 端口，或在 587 端口强制使用 STARTTLS。',
              },
              action: 'harden',
              evidence,
            },
          ],
        };
      }
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: 'challenge',
            severity: 'low',
            title: {
              en: `AUTH ${list} is offered before TLS`,
              zh: `在启用 TLS 之前就提供 AUTH ${list}`,
            },
            detail: {
              en:
                'Only challenge-response mechanisms are offered, so the password itself is not sent, but a captured ' +
                'exchange can be cracked offline and the session that follows is not protected. Offer AUTH only ' +
                'after STARTTLS.',
              zh:
                '只提供了质询-响应类机制，口令本身不会被发送，但截获的认证过程可以被离线破解，随后的会话也不受保护。' +
                '请只在 STARTTLS 之后提供 AUTH。',
            },
            action: 'harden',
            evidence,
          },
        ],
      };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
