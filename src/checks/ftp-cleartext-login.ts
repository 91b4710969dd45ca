/**
 * ftp-cleartext-login: asks FEAT whether AUTH TLS (RFC 4217) is offered, then sends `USER` for an account name
 * that does not exist and sees whether the server asks for the password over the plaintext connection. No password
 * is ever sent.
 *
 * @output
 * 21/tcp ftp-cleartext-login: USER accepted before TLS (331 Please specify the password.); AUTH TLS not offered
 */
import type { Check, Evidence } from './types.js';
import { ftpFeatures, offersTls, replyText } from '../protocols/ftp/codec.js';
import { networkFailure, withFtp } from '../protocols/ftp/client.js';

/** A user name no server has; only the reply to USER matters. */
export const PROBE_USER = 'portwarden-probe';

export const check: Check = {
  id: 'ftp-cleartext-login',
  title: { en: 'FTP login without TLS', zh: '未加密的 FTP 登录' },
  categories: ['safe'],
  references: ['RFC 959', 'RFC 4217', 'CWE-319'],
  applies: { transport: 'tcp', ports: [21], services: ['ftp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    if (ctx.target.service?.tls === true)
      return { status: 'not-applicable', reason: 'the port speaks TLS from the first byte (FTPS)' };
    try {
      return await withFtp({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, async (s) => {
        if (s.greeting.code !== 220)
          return { status: 'not-applicable', reason: `the greeting is ${s.greeting.code}, not 220` };
        const features = ftpFeatures(await s.command('FEAT'));
        const tls = offersTls(features);
        const user = await s.command(`USER ${PROBE_USER}`);
        // 331/332: the server waits for a password on this plaintext connection. 530/534 naming TLS, SSL or
        // encryption: it insists on AUTH TLS first. "anonymous only" servers take no account passwords at all.
        const accepts = user.code === 331 || user.code === 332;
        const evidence: Evidence = {
          authTls: tls,
          features: features.join(', '),
          userReply: `${user.code} ${replyText(user)}`,
          passwordAskedInClear: accepts,
        };
        if (!accepts) return { status: 'ok', evidence, findings: [] };
        return {
          status: 'ok',
          evidence,
          findings: [
            {
              key: '',
              severity: 'medium',
              title: tls
                ? { en: 'FTP accepts logins before TLS', zh: 'FTP 允许在启用 TLS 之前登录' }
                : { en: 'FTP logins cross the network in clear text', zh: 'FTP 登录以明文在网络上传输' },
              detail: tls
                ? {
                    en: 'The server offers AUTH TLS but does not require it: it asked for a password on the plaintext connection, so any client that does not upgrade sends the account and password in clear. Require TLS for logins and data (vsftpd: force_local_logins_ssl=YES, force_local_data_ssl=YES; ProFTPD: TLSRequired on).',
                    zh: '服务器提供 AUTH TLS，但并不强制：它在明文连接上直接索要口令，任何不主动升级的客户端都会以明文发送账号和口令。请对登录和数据强制 TLS（vsftpd：force_local_logins_ssl=YES、force_local_data_ssl=YES；ProFTPD：TLSRequired on）。',
                  }
                : {
                    en: 'The server offers no AUTH TLS and asked for a password on the plaintext connection: every account name, password and file crosses the network readable by anyone on the path. Move users to SFTP, or enable and require TLS (RFC 4217).',
                    zh: '服务器不提供 AUTH TLS，并在明文连接上索要口令：所有账号、口令和文件内容都以明文传输，路径上的任何人都能读到。请让用户改用 SFTP，或启用并强制 TLS（RFC 4217）。',
                  },
              action: 'harden',
              evidence,
            },
          ],
        };
      });
    } catch (err) {
      return networkFailure(err);
    }
  },
};
