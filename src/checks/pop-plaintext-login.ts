/**
 * pop-plaintext-login — whether a POP3 server lets clients log in before TLS, on a cleartext connection: USER in
 * the CAPA list (RFC 2449 §6.3 lists it only when it is allowed), SASL PLAIN or LOGIN offered, and the answer to
 * USER with a made-up name (no password is ever sent). A server that requires STLS first answers -ERR.
 *
 * Output (Dovecot with disable_plaintext_auth = no, no TLS):
 *   evidence: capaUser true, sasl "PLAIN LOGIN", userReply "+OK"
 *   finding (high): POP3 accepts passwords in clear text
 */
import { randomBytes } from 'node:crypto';
import type { Check, CheckOutcome } from './types.js';
import { CLEARTEXT_MECHANISMS } from '../protocols/smtp/codec.js';
import { Pop3Session } from '../protocols/pop3/client.js';

export const check: Check = {
  id: 'pop-plaintext-login',
  title: { en: 'POP3 login before TLS', zh: 'TLS 之前的 POP3 明文登录' },
  categories: ['safe'],
  references: ['RFC 1939', 'RFC 2449', 'RFC 2595', 'RFC 8314', 'https://doc.dovecot.org/'],
  applies: { transport: 'tcp', ports: [110], services: ['pop3'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    if (service?.tls === true || (service === null && port === 995)) {
      return { status: 'not-applicable', reason: 'the service speaks TLS from the first byte' };
    }
    let session: Pop3Session;
    try {
      session = await Pop3Session.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls: false });
    } catch (err) {
      return failed(err);
    }
    try {
      if (!session.greeting.ok) {
        return { status: 'not-applicable', reason: 'the server refused the session' };
      }
      const caps = await session.capa();
      const cleartextSasl = (caps?.saslMechanisms ?? []).filter((m) => CLEARTEXT_MECHANISMS.includes(m));
      // The made-up name makes sure no real account sees a login attempt; PASS is never sent.
      const user = await session.command('USER', `pw-${randomBytes(6).toString('hex')}`);
      await session.quit();
      const userReply = `${user.ok ? '+OK' : '-ERR'} ${user.text}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
      const evidence = {
        capa: caps !== null,
        capaUser: caps?.user ?? false,
        stls: caps?.stls ?? false,
        sasl: caps?.saslMechanisms.join(' ') ?? '',
        userAccepted: user.ok,
        userReply,
      };
      const ways = [...(user.ok || caps?.user === true ? ['USER/PASS'] : []), ...cleartextSasl.map((m) => `AUTH ${m}`)];
      if (ways.length === 0) return { status: 'ok', evidence, findings: [] };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'high',
            title: {
              en: 'POP3 accepts passwords in clear text',
              zh: 'POP3 接受明文口令',
            },
            detail: {
              en:
                `On this unencrypted connection the server offers ${ways.join(', ')} (USER was answered "${userReply}"), ` +
                'so clients send the mailbox password in clear text or base64, readable by anyone on the path, and ' +
                'the server is open to password guessing over cleartext. Require TLS before any login (Dovecot 2.3: ' +
                'disable_plaintext_auth = yes and ssl = required; 2.4: auth_allow_cleartext = no) and move clients to ' +
                'port 995.',
              zh:
                `在这条未加密的连接上，服务器提供了 ${ways.join('、')}（对 USER 的应答为“${userReply}”），客户端会以明文或 base64 ` +
                '发送邮箱口令，路径上的任何人都能读取，服务器也会在明文信道上遭受口令猜测。请在任何登录之前强制 TLS（Dovecot 2.3：' +
                'disable_plaintext_auth = yes 且 ssl = required；2.4：auth_allow_cleartext = no），并让客户端改用 995 端口。',
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
