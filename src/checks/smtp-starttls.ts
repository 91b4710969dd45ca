/**
 * smtp-starttls — whether an SMTP server on a cleartext port offers STARTTLS (RFC 3207), and whether the upgrade
 * completes: the TLS version and cipher it negotiates, and that the server still answers EHLO inside TLS.
 *
 * Output (Postfix without smtpd_tls_security_level):
 *   evidence: starttls false, extensions "PIPELINING SIZE VRFY ETRN …"
 *   finding (medium): STARTTLS is not offered: mail and any password cross the network in clear text
 */
import type { Check, CheckFinding, CheckOutcome } from './types.js';
import { replyText } from '../protocols/smtp/codec.js';
import { SmtpSession } from '../protocols/smtp/client.js';

/** Versions that RFC 8996 deprecated: a server whose best offer is one of these is as good as cleartext. */
const DEPRECATED_TLS = ['SSLv3', 'TLSv1', 'TLSv1.1'];

export const check: Check = {
  id: 'smtp-starttls',
  title: { en: 'SMTP STARTTLS', zh: 'SMTP STARTTLS 加密' },
  categories: ['safe'],
  references: ['RFC 3207', 'RFC 8314', 'RFC 8996', 'RFC 8461', 'RFC 7672'],
  applies: { transport: 'tcp', ports: [25, 587], services: ['smtp', 'submission'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port, service } = ctx.target;
    if (service?.tls === true || (service === null && port === 465)) {
      return {
        status: 'not-applicable',
        reason: 'the service speaks TLS from the first byte; STARTTLS does not apply',
      };
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
      if (ehlo?.starttls !== true) {
        await session.quit();
        return {
          status: 'ok',
          evidence: { starttls: false, esmtp: ehlo !== null },
          findings: [notOffered(port)],
        };
      }
      const refused = await session.startTls();
      if (refused !== null) {
        const reply = replyText(refused);
        await session.quit();
        return {
          status: 'ok',
          evidence: { starttls: true, upgraded: false, reply },
          findings: [brokenUpgrade(reply)],
        };
      }
      const info = session.tlsInfo;
      // RFC 3207 §4.2: the client must forget what it knew and greet again; a server that does not answer is broken.
      const again = await session.hello();
      await session.quit();
      const protocol = info?.protocol ?? null;
      const evidence = {
        starttls: true,
        upgraded: true,
        tlsVersion: protocol,
        cipher: info?.cipher ?? null,
        certSubject: info?.subject ?? null,
        certIssuer: info?.issuer ?? null,
        certValidTo: info?.validTo ?? null,
        certSha256: info?.fingerprint256 ?? null,
        ehloAfterTls: again.reply.code,
        authAfterTls: again.ehlo?.authMechanisms.join(' ') ?? '',
      };
      const findings: CheckFinding[] = [];
      if (protocol !== null && DEPRECATED_TLS.includes(protocol)) findings.push(oldTls(protocol));
      return { status: 'ok', evidence, findings };
    } catch (err) {
      return failed(err);
    } finally {
      session.close();
    }
  },
};

function notOffered(port: number): CheckFinding {
  const submission = port === 587;
  return {
    key: 'not-offered',
    // On submission, clients send passwords: without TLS that is worse than unencrypted server-to-server mail.
    severity: submission ? 'high' : 'medium',
    title: {
      en: 'STARTTLS is not offered: mail crosses the network in clear text',
      zh: '未提供 STARTTLS：邮件以明文在网络上传输',
    },
    detail: {
      en:
        'The EHLO reply does not list STARTTLS, so no sender can encrypt the session: message contents, addresses' +
        (submission ? ' and the passwords of submitting clients' : '') +
        ' can be read and changed by anyone on the path. Configure a certificate and offer STARTTLS ' +
        '(Postfix: smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level = may' +
        (submission ? ', or encrypt for submission on port 465' : '') +
        '), then publish MTA-STS or DANE so senders insist on it.',
      zh:
        'EHLO 应答中没有 STARTTLS，任何发件方都无法加密会话：邮件内容、收发件地址' +
        (submission ? '以及提交邮件的客户端口令' : '') +
        '都可能被路径上的任何人读取和篡改。请配置证书并提供 STARTTLS（Postfix：smtpd_tls_cert_file、' +
        'smtpd_tls_key_file、smtpd_tls_security_level = may' +
        (submission ? '；或改用 465 端口的隐式 TLS 提交邮件' : '') +
        '），再发布 MTA-STS 或 DANE，让发件方强制使用加密。',
    },
    action: 'harden',
    evidence: { starttls: false },
  };
}

function brokenUpgrade(reply: string): CheckFinding {
  return {
    key: 'refused',
    severity: 'medium',
    title: {
      en: 'STARTTLS is offered but the server refuses to start TLS',
      zh: '服务器声明支持 STARTTLS，却拒绝启动 TLS',
    },
    detail: {
      en:
        `The server lists STARTTLS but answered the command with "${reply}". Senders fall back to clear text, ` +
        'usually because the certificate or key cannot be read. Check the TLS settings and the server log.',
      zh:
        `服务器在能力列表中声明了 STARTTLS，但对该命令的应答是“${reply}”。发件方只能退回明文，常见原因是证书或私钥无法读取。` +
        '请检查 TLS 配置和服务器日志。',
    },
    action: 'harden',
    evidence: { reply },
  };
}

function oldTls(protocol: string): CheckFinding {
  return {
    key: 'old-tls',
    severity: 'medium',
    title: {
      en: `STARTTLS negotiates ${protocol} at best`,
      zh: `STARTTLS 最高只能协商到 ${protocol}`,
    },
    detail: {
      en:
        `We offered up to TLS 1.3 and the server chose ${protocol}, which RFC 8996 deprecates (known attacks, no ` +
        'modern ciphers). Enable TLS 1.2 and 1.3 (Postfix: smtpd_tls_protocols = >=TLSv1.2 on OpenSSL 1.1 or later).',
      zh:
        `我们最高提供 TLS 1.3，服务器却选择了 ${protocol}，该版本已被 RFC 8996 废弃（存在已知攻击，且缺少现代加密套件）。` +
        '请启用 TLS 1.2 和 1.3（Postfix：在 OpenSSL 1.1 及以上版本中设置 smtpd_tls_protocols = >=TLSv1.2）。',
    },
    action: 'harden',
    evidence: { tlsVersion: protocol },
  };
}

function failed(err: unknown): CheckOutcome {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}
