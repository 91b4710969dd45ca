/**
 * smtp-open-relay — whether an SMTP server accepts mail from an outside sender to an outside recipient, in the
 * address forms relay tests have always tried (null sender, percent hack, quoted local part, source route, UUCP
 * bang path). Intrusive: it opens envelopes. It never sends DATA: each attempt ends with RSET, the session with
 * QUIT, and no message exists. Outside domains are the reserved example.net/example.org (RFC 2606).
 *
 * Output (Postfix with smtpd_relay_restrictions = permit):
 *   evidence: accepted "MAIL FROM:<> RCPT TO:<relaytest@example.net>", reply "250 2.1.5 Ok"
 *   finding (high): open relay: the server accepts mail for any domain from anyone
 */
import { isIPv6 } from 'node:net';
import type { Check, CheckFinding, CheckOutcome, Evidence } from './types.js';
import { replyText } from '../protocols/smtp/codec.js';
import { SmtpSession } from '../protocols/smtp/client.js';

const OUTSIDE_TO = 'relaytest@example.net';
const OUTSIDE_FROM = 'antispam@example.org';

/**
 * The envelopes to try: [sender, recipient], given the server's address literal and the name it gave in EHLO.
 * The first DIRECT ones name an outside recipient plainly; the rest hide it in an address routed through the server
 * itself, which a server with a catch-all local domain may accept for local delivery rather than relay.
 */
function variants(literal: string, name: string): [string, string][] {
  const v: [string, string][] = [
    ['', OUTSIDE_TO],
    [OUTSIDE_FROM, OUTSIDE_TO],
    [`antispam@${literal}`, OUTSIDE_TO],
    [`antispam@${name}`, OUTSIDE_TO],
    [OUTSIDE_FROM, `relaytest%example.net@${literal}`],
    [OUTSIDE_FROM, `relaytest%example.net@${name}`],
    [OUTSIDE_FROM, `"${OUTSIDE_TO}"`],
    [OUTSIDE_FROM, `"relaytest%example.net"`],
    [OUTSIDE_FROM, `${OUTSIDE_TO}@${literal}`],
    [OUTSIDE_FROM, `@${literal}:${OUTSIDE_TO}`],
    [OUTSIDE_FROM, `example.net!relaytest@${literal}`],
  ];
  return v;
}

/** How many of the variants name the outside recipient plainly. */
const DIRECT = 4;

export const check: Check = {
  id: 'smtp-open-relay',
  title: { en: 'SMTP open relay', zh: 'SMTP 开放中继' },
  categories: ['intrusive'],
  references: ['CVE-1999-0512', 'RFC 5321', 'RFC 2505', 'RFC 2606', 'https://www.postfix.org/SMTPD_ACCESS_README.html'],
  applies: { transport: 'tcp', ports: [25, 465, 587], services: ['smtp', 'submission', 'smtps', 'submissions'] },
  async run(ctx): Promise<CheckOutcome> {
    if (!ctx.intrusive) {
      return {
        status: 'not-applicable',
        reason: 'intrusive: opens mail envelopes to outside domains (never sends a message); run with --intrusive',
      };
    }
    const { host, port, service } = ctx.target;
    const tls = service?.tls ?? port === 465;
    let session: SmtpSession;
    try {
      session = await SmtpSession.open({ host, port, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls });
    } catch (err) {
      return failed(err);
    }
    try {
      if (session.greeting.code !== 220) {
        return { status: 'not-applicable', reason: `the server refused the session: ${replyText(session.greeting)}` };
      }
      const hello = await session.hello();
      if (hello.reply.code !== 250) {
        return { status: 'not-applicable', reason: `the server refused our greeting: ${replyText(hello.reply)}` };
      }
      const literal = isIPv6(host) ? `[IPv6:${host}]` : `[${host}]`;
      const name = /^[A-Za-z0-9.-]{1,253}$/.test(hello.ehlo?.domain ?? '') ? (hello.ehlo?.domain ?? literal) : literal;
      let tried = 0;
      let lastReply = '';
      for (const [from, to] of variants(literal, name)) {
        tried += 1;
        const mail = await session.command('MAIL', `FROM:<${from}>`);
        if (mail.code !== 250) {
          lastReply = replyText(mail);
          await session.command('RSET');
          continue;
        }
        const rcpt = await session.command('RCPT', `TO:<${to}>`);
        lastReply = replyText(rcpt);
        // RSET drops the envelope: no DATA was ever sent, so nothing can be queued or delivered.
        await session.command('RSET');
        if (rcpt.code === 250 || rcpt.code === 251) {
          await session.quit();
          const accepted = `MAIL FROM:<${from}> RCPT TO:<${to}>`;
          const direct = tried <= DIRECT;
          const evidence = { relay: true, direct, accepted, reply: lastReply, attempts: tried };
          return {
            status: 'ok',
            evidence,
            findings: [direct ? openRelay(accepted, lastReply, evidence) : routedRelay(accepted, lastReply, evidence)],
          };
        }
      }
      await session.quit();
      return { status: 'ok', evidence: { relay: false, attempts: tried, lastReply }, findings: [] };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

const HOW_TO_FIX = {
  en:
    'Relay only for your own networks and authenticated users (Postfix: smtpd_relay_restrictions = ' +
    'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, with a narrow mynetworks).',
  zh:
    '请只为自有网段和已认证用户中继（Postfix：smtpd_relay_restrictions = permit_mynetworks, ' +
    'permit_sasl_authenticated, reject_unauth_destination，并把 mynetworks 设得尽量小）。',
};

function openRelay(accepted: string, reply: string, evidence: Evidence): CheckFinding {
  return {
    key: '',
    severity: 'high',
    title: {
      en: 'Open relay: the server accepts mail from anyone to any domain',
      zh: '开放中继：服务器接受任何人发往任意域名的邮件',
    },
    detail: {
      en:
        `Without authentication the server accepted the envelope ${accepted} ("${reply}"); we stopped before DATA. ` +
        'Spammers find such servers within hours and use them for spam and phishing, which puts the address on ' +
        `blocklists and stops its legitimate mail. ${HOW_TO_FIX.en}`,
      zh:
        `在未认证的情况下，服务器接受了信封 ${accepted}（“${reply}”）；我们在 DATA 之前就停止了。垃圾邮件发送者几小时内` +
        `就能找到这类服务器，用来发送垃圾邮件和钓鱼邮件，导致该地址被列入黑名单，正常邮件也无法送达。${HOW_TO_FIX.zh}`,
    },
    action: 'restrict',
    evidence,
  };
}

function routedRelay(accepted: string, reply: string, evidence: Evidence): CheckFinding {
  return {
    key: 'routed',
    severity: 'medium',
    title: {
      en: 'Possible relay: the server accepts an outside recipient hidden in a routed address',
      zh: '可能存在中继：服务器接受了藏在路由地址中的外部收件人',
    },
    detail: {
      en:
        `The server refuses plain outside recipients but accepted ${accepted} ("${reply}"); we stopped before DATA. ` +
        'Old relay tricks (percent hack, source routes, bang paths, quoted local parts) make some servers forward ' +
        'such mail to the outside domain; a server with a catch-all local domain may instead just deliver it ' +
        'locally. Check what the server does with this address, turn the address rewriting off (Postfix: ' +
        `allow_percent_hack = no, swap_bangpath = no) and refuse unknown local recipients. ${HOW_TO_FIX.en}`,
      zh:
        `服务器拒绝了直接的外部收件人，却接受了 ${accepted}（“${reply}”）；我们在 DATA 之前就停止了。百分号技巧、源路由、` +
        '感叹号路径、带引号的本地部分等老式中继手法，会让一些服务器把这类邮件转发到外部域名；若服务器的本地域配置了全收（catch-all），' +
        '也可能只是在本地投递。请核实服务器如何处理该地址，关闭地址改写（Postfix：allow_percent_hack = no、' +
        `swap_bangpath = no），并拒绝未知的本地收件人。${HOW_TO_FIX.zh}`,
    },
    action: 'harden',
    evidence,
  };
}

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
