/**
 * smtp-banner — reads the SMTP greeting and the EHLO reply: the server software and the extensions it offers.
 *
 * Output (Postfix with the Debian default banner):
 *   evidence: greeting "220 relay.pwlab.test ESMTP Postfix (Debian/GNU)", product "Postfix smtpd",
 *             extensions "PIPELINING SIZE VRFY ETRN ENHANCEDSTATUSCODES 8BITMIME DSN SMTPUTF8 CHUNKING"
 *   finding (info): the greeting names the server software
 */
import type { Check, CheckOutcome } from './types.js';
import { replyText, smtpSoftware } from '../protocols/smtp/codec.js';
import { SmtpSession } from '../protocols/smtp/client.js';

export const check: Check = {
  id: 'smtp-banner',
  title: { en: 'SMTP greeting and extensions', zh: 'SMTP 欢迎信息与扩展' },
  categories: ['safe', 'discovery'],
  references: ['RFC 5321', 'RFC 1869', 'https://www.postfix.org/postconf.5.html#smtpd_banner'],
  applies: { transport: 'tcp', ports: [25, 465, 587], services: ['smtp', 'submission', 'smtps', 'submissions'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    const tls = service?.tls ?? port === 465;
    let session: SmtpSession;
    try {
      session = await SmtpSession.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls });
    } catch (err) {
      return failed(err);
    }
    try {
      const greeting = replyText(session.greeting, 300);
      if (session.greeting.code !== 220) {
        // 554 (no service for you) or 421 (busy): an SMTP server, but it says nothing more.
        return {
          status: 'ok',
          evidence: { greeting, greetingCode: session.greeting.code, tls },
          findings: [],
          service: { banner: greeting },
        };
      }
      const { reply, ehlo } = await session.hello();
      const software = smtpSoftware(session.greeting.lines.join(' ')) ?? smtpSoftware(reply.lines[0] ?? '');
      const extensions = ehlo === null ? [] : [...ehlo.extensions.keys()];
      const evidence = {
        greeting,
        tls,
        esmtp: ehlo !== null,
        serverName: ehlo?.domain ?? null,
        extensions: extensions.join(' '),
        auth: ehlo?.authMechanisms.join(' ') ?? '',
        starttls: ehlo?.starttls ?? false,
        maxSize: Number(ehlo?.extensions.get('SIZE')?.[0] ?? '') || null,
        product: software?.product ?? null,
        version: software?.version ?? null,
      };
      await session.quit();
      const findings =
        software === null
          ? []
          : [
              {
                key: '',
                severity: 'info' as const,
                title: {
                  en: `The SMTP greeting names the server software (${software.product}${software.version === null ? '' : ` ${software.version}`})`,
                  zh: `SMTP 欢迎信息暴露了服务器软件（${software.product}${software.version === null ? '' : ` ${software.version}`}）`,
                },
                detail: {
                  en:
                    'Anyone who connects learns which mail server runs here' +
                    (software.version === null ? '' : ' and its exact version') +
                    ', which lets them pick exploits for it without probing further. RFC 5321 only requires the ' +
                    'code 220 and the host name. Shorten the banner (Postfix: smtpd_banner = $myhostname ESMTP; ' +
                    'Exim: smtp_banner; Sendmail: O SmtpGreetingMessage) and keep the software patched.',
                  zh:
                    '任何连接者都能得知这里运行的是哪种邮件服务器' +
                    (software.version === null ? '' : '及其确切版本') +
                    '，无需进一步探测就能挑选相应的漏洞利用。RFC 5321 只要求返回 220 和主机名。请精简欢迎信息（Postfix：' +
                    'smtpd_banner = $myhostname ESMTP；Exim：smtp_banner；Sendmail：O SmtpGreetingMessage），并及时给软件打补丁。',
                },
                action: 'harden' as const,
                evidence: { greeting, product: software.product, version: software.version },
              },
            ];
      return {
        status: 'ok',
        evidence,
        findings,
        service: {
          banner: greeting,
          ...(software !== null && { product: software.product }),
          ...(software?.version != null && { version: software.version }),
        },
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
