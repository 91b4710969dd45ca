/**
 * imap-plaintext-login — whether an IMAP server lets clients log in on a cleartext connection: LOGINDISABLED
 * (RFC 3501 §6.2.3) absent means LOGIN is accepted before STARTTLS, and AUTH=PLAIN or AUTH=LOGIN offered means
 * the password can go out base64-encoded. Reads the CAPABILITY list only; sends no credentials.
 *
 * Output (Dovecot with disable_plaintext_auth = no, no TLS):
 *   evidence: loginDisabled false, auth "PLAIN LOGIN", starttls false
 *   finding (high): IMAP accepts passwords in clear text
 */
import type { Check, CheckOutcome } from './types.js';
import { parseCapabilityLine, summarizeCapabilities } from '../protocols/imap/codec.js';
import { ImapSession } from '../protocols/imap/client.js';
import { CLEARTEXT_MECHANISMS } from '../protocols/smtp/codec.js';

export const check: Check = {
  id: 'imap-plaintext-login',
  title: { en: 'IMAP login before TLS', zh: 'TLS 之前的 IMAP 明文登录' },
  categories: ['safe'],
  references: ['RFC 3501', 'RFC 9051', 'RFC 2595', 'RFC 8314', 'https://doc.dovecot.org/'],
  applies: { transport: 'tcp', ports: [143], services: ['imap'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    if (service?.tls === true || (service === null && port === 993)) {
      return { status: 'not-applicable', reason: 'the service speaks TLS from the first byte' };
    }
    let session: ImapSession;
    try {
      session = await ImapSession.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls: false });
    } catch (err) {
      return failed(err);
    }
    try {
      if (session.greeting.status !== 'ok') {
        // BYE refuses; PREAUTH needs no login at all (imap-capabilities reports it).
        return { status: 'not-applicable', reason: `the greeting is ${session.greeting.status.toUpperCase()}` };
      }
      const result = await session.command('CAPABILITY');
      await session.logout();
      const listed = [...result.untagged, `${result.tagged.tag} OK ${result.tagged.text}`]
        .map((l) => parseCapabilityLine(l))
        .find((c) => c !== null);
      if (listed === undefined) {
        return { status: 'error', error: `no CAPABILITY list in the reply (${result.tagged.status})` };
      }
      const summary = summarizeCapabilities(listed);
      const cleartextSasl = summary.authMechanisms.filter((m) => CLEARTEXT_MECHANISMS.includes(m));
      const evidence = {
        loginDisabled: summary.loginDisabled,
        auth: summary.authMechanisms.join(' '),
        starttls: summary.starttls,
        capabilities: listed.join(' '),
      };
      const ways = [...(summary.loginDisabled ? [] : ['LOGIN']), ...cleartextSasl.map((m) => `AUTHENTICATE ${m}`)];
      if (ways.length === 0) return { status: 'ok', evidence, findings: [] };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'high',
            title: { en: 'IMAP accepts passwords in clear text', zh: 'IMAP 接受明文口令' },
            detail: {
              en:
                `On this unencrypted connection the server offers ${ways.join(', ')}` +
                (summary.loginDisabled ? '' : ' (no LOGINDISABLED)') +
                ', so clients send the mailbox password in clear text or base64, readable by anyone on the path. ' +
                'Require TLS before any login (Dovecot 2.3: disable_plaintext_auth = yes and ssl = required; 2.4: ' +
                'auth_allow_cleartext = no), which makes the server announce LOGINDISABLED, and move clients to ' +
                'port 993.',
              zh:
                `在这条未加密的连接上，服务器提供了 ${ways.join('、')}` +
                (summary.loginDisabled ? '' : '（未声明 LOGINDISABLED）') +
                '，客户端会以明文或 base64 发送邮箱口令，路径上的任何人都能读取。请在任何登录之前强制 TLS（Dovecot 2.3：' +
                'disable_plaintext_auth = yes 且 ssl = required；2.4：auth_allow_cleartext = no），服务器随即会声明 ' +
                'LOGINDISABLED；并让客户端改用 993 端口。',
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
