/**
 * smtp-user-enum — whether VRFY or EXPN (RFC 5321 §3.5) tell real accounts from made-up ones. Asks about `root`,
 * which exists on nearly every Unix mail host, and about a random name that exists nowhere; the server is
 * enumerable only when the two answers differ (252 for everything, or the command disabled, is not).
 *
 * Output (Postfix with disable_vrfy_command = no):
 *   evidence: vrfyKnown "252 2.0.0 root", vrfyUnknown "550 5.1.1 <pw-3f9c…>: Recipient address rejected: …"
 *   finding (medium): VRFY tells existing accounts from unknown ones
 */
import { randomBytes } from 'node:crypto';
import type { Check, CheckFinding, CheckOutcome } from './types.js';
import { replyText, verifyVerdict, type VerifyVerdict } from '../protocols/smtp/codec.js';
import { SmtpSession } from '../protocols/smtp/client.js';

/** A name no mail system has: random, so a server cannot special-case it. */
function madeUpName(): string {
  return `pw-${randomBytes(6).toString('hex')}`;
}

export const check: Check = {
  id: 'smtp-user-enum',
  title: { en: 'SMTP user enumeration (VRFY/EXPN)', zh: 'SMTP 用户枚举（VRFY/EXPN）' },
  categories: ['safe', 'discovery'],
  references: ['RFC 5321', 'CVE-1999-0531', 'https://www.postfix.org/postconf.5.html#disable_vrfy_command'],
  applies: { transport: 'tcp', ports: [25, 465, 587], services: ['smtp', 'submission', 'smtps', 'submissions'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    const tls = service?.tls ?? port === 465;
    const known = ctx.args['smtp.user'] ?? 'root';
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
      await session.hello();
      const evidence: Record<string, string | boolean> = { knownName: known };
      const findings: CheckFinding[] = [];
      for (const verb of ['VRFY', 'EXPN'] as const) {
        const a = await session.command(verb, known);
        const b = await session.command(verb, madeUpName());
        const va = verifyVerdict(a.code);
        const vb = verifyVerdict(b.code);
        const lower = verb.toLowerCase();
        evidence[`${lower}Known`] = replyText(a);
        evidence[`${lower}Unknown`] = replyText(b);
        const enumerable = distinguishes(va, vb);
        evidence[`${lower}Enumerable`] = enumerable;
        if (enumerable) findings.push(finding(verb, evidence[`${lower}Known`], evidence[`${lower}Unknown`]));
      }
      await session.quit();
      return { status: 'ok', evidence, findings };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

/**
 * Answers tell accounts apart when the known name is confirmed (250/251/252) and the made-up one is refused as
 * unknown (550/551/553), or when the known name gets 250/251 and the made-up one anything else.
 */
function distinguishes(known: VerifyVerdict, unknown: VerifyVerdict): boolean {
  if (known === unknown) return false;
  if (unknown === 'unknown') return known === 'exists' || known === 'unverified';
  return known === 'exists' && unknown !== 'disabled' && unknown !== 'refused';
}

function finding(
  verb: 'VRFY' | 'EXPN',
  known: string | boolean | undefined,
  unknown: string | boolean | undefined,
): CheckFinding {
  return {
    key: verb.toLowerCase(),
    severity: 'medium',
    title: {
      en: `${verb} tells existing accounts from unknown ones`,
      zh: `${verb} 会区分存在与不存在的账号`,
    },
    detail: {
      en:
        `The server answered ${verb} for an existing account with "${String(known)}" and for a made-up one with ` +
        `"${String(unknown)}". Anyone can test name after name and collect the valid accounts, for password guessing ` +
        'and targeted phishing. Turn the command off (Postfix: disable_vrfy_command = yes; Sendmail: ' +
        'O PrivacyOptions=goaway; Exim: do not enable acl_smtp_vrfy/acl_smtp_expn) or answer 252 to every name.',
      zh:
        `服务器对已存在账号的 ${verb} 应答为“${String(known)}”，对虚构账号的应答为“${String(unknown)}”。任何人都可以逐个试探用户名，` +
        '收集有效账号，用于口令猜测和定向钓鱼。请关闭该命令（Postfix：disable_vrfy_command = yes；Sendmail：' +
        'O PrivacyOptions=goaway；Exim：不要启用 acl_smtp_vrfy/acl_smtp_expn），或对所有名字一律回答 252。',
    },
    action: 'harden',
    evidence: { command: verb, known: String(known), unknown: String(unknown) },
  };
}

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
