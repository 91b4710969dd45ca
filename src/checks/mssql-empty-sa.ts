/**
 * mssql-empty-sa (intrusive): one LOGIN7 as sa with an empty password. It leaves a failed-login event (18456)
 * in the server's log, so it runs only with --intrusive. The login is sent only when the server agrees to a
 * connection without TLS (PRELOGIN answer ENCRYPT_NOT_SUP); a server that wants the login inside TLS is reported
 * as not tested rather than guessed.
 *
 * @output
 * 1433/tcp mssql-empty-sa: sa logs in with an empty password (Microsoft SQL Server 15.0.2000)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { loginEmptyPassword, prelogin } from '../protocols/tds/client.js';

export const check: Check = {
  id: 'mssql-empty-sa',
  title: { en: 'SQL Server sa with an empty password', zh: 'SQL Server sa 空口令' },
  categories: ['intrusive', 'auth'],
  references: [
    'https://learn.microsoft.com/en-us/sql/relational-databases/security/password-policy',
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-tds/773a62b6-ee89-4c02-9e5e-344882630aac',
    'https://nmap.org/nsedoc/scripts/ms-sql-empty-password.html',
  ],
  applies: { transport: 'tcp', ports: [1433], services: ['ms-sql-s'] },
  async run(ctx) {
    if (!ctx.intrusive) {
      return { status: 'not-applicable', reason: 'a login attempt: runs only when intrusive checks are allowed' };
    }
    const { host, port } = ctx.target;
    const user = ctx.args['mssql.user'] ?? 'sa';
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 128 * 1024 },
        },
        async (s) => {
          const p = await prelogin(s, 'not-supported');
          if (p.encryption !== 'not-supported') {
            return {
              status: 'not-applicable',
              reason: `the server wants the login inside TLS (encryption ${p.encryption}); not attempted`,
            };
          }
          const tokens = await loginEmptyPassword(s, user, host);
          const ack = tokens.find((t) => t.token === 'loginack');
          const error = tokens.find((t) => t.token === 'error');
          if (ack?.token === 'loginack') {
            const evidence = { user, login: 'accepted', password: '', program: ack.program, version: ack.version };
            return {
              status: 'ok',
              evidence,
              findings: [
                {
                  key: '',
                  severity: 'critical',
                  title: {
                    en: `SQL Server: ${user} logs in with an empty password`,
                    zh: `SQL Server 的 ${user} 账号可用空口令登录`,
                  },
                  detail: {
                    en: `The server accepted ${user} with no password. ${user === 'sa' ? 'sa is sysadmin: ' : ''}anyone who reaches the port controls every database and, through xp_cmdshell, runs commands as the SQL Server service account. Set a strong password or disable the login (ALTER LOGIN sa DISABLE), prefer Windows authentication, enforce password policy and firewall the port.`,
                    zh: `服务器接受了 ${user} 的空口令登录。${user === 'sa' ? 'sa 属于 sysadmin：' : ''}任何能连到该端口的人都能控制所有数据库，并可通过 xp_cmdshell 以 SQL Server 服务账号执行命令。请设置强口令或禁用该登录（ALTER LOGIN sa DISABLE），优先使用 Windows 身份验证，启用口令策略，并用防火墙限制该端口。`,
                  },
                  action: 'harden',
                  evidence,
                },
              ],
            };
          }
          return {
            status: 'ok',
            evidence: {
              user,
              login: 'refused',
              errorNumber: error?.token === 'error' ? error.number : null,
              error: error?.token === 'error' ? error.message.slice(0, 200) : null,
            },
            findings: [],
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not TDS/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
