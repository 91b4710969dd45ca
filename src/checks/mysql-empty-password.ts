/**
 * mysql-empty-password (intrusive): one login as root with an empty password, following the server's plugin
 * (mysql_native_password, caching_sha2_password fast auth), then COM_QUIT. Like nmap's script of the same name it
 * leaves a failed-login line in the server's log, so it runs only with --intrusive.
 *
 * @output
 * 3306/tcp mysql-empty-password: root logs in with an empty password (MariaDB 10.11.6)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { loginEmptyPassword, readGreeting } from '../protocols/mysql/client.js';

export const check: Check = {
  id: 'mysql-empty-password',
  title: { en: 'MySQL/MariaDB root with an empty password', zh: 'MySQL/MariaDB root 空口令' },
  categories: ['intrusive', 'auth'],
  references: [
    'https://dev.mysql.com/doc/refman/8.0/en/default-privileges.html',
    'https://mariadb.com/kb/en/authentication-from-mariadb-104/',
    'https://nmap.org/nsedoc/scripts/mysql-empty-password.html',
  ],
  applies: { transport: 'tcp', ports: [3306], services: ['mysql'] },
  async run(ctx) {
    if (!ctx.intrusive) {
      return { status: 'not-applicable', reason: 'a login attempt: runs only when intrusive checks are allowed' };
    }
    const { host, port } = ctx.target;
    const user = ctx.args['mysql.user'] ?? 'root';
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 70_000 },
        },
        async (s) => {
          const first = await readGreeting(s);
          if (first.kind === 'error') {
            return {
              status: 'ok',
              evidence: {
                user,
                login: 'not-attempted',
                errorCode: first.error.code,
                error: first.error.message.slice(0, 200),
              },
              findings: [],
            };
          }
          const g = first.greeting;
          const reply = await loginEmptyPassword(s, g, user);
          const base = { user, product: g.product, version: g.version, authPlugin: g.authPlugin };
          if (reply.kind === 'ok') {
            const evidence = { ...base, login: 'accepted', password: '' };
            return {
              status: 'ok',
              evidence,
              findings: [
                {
                  key: '',
                  severity: 'critical',
                  title: {
                    en: `${user} logs in to ${g.product} with an empty password`,
                    zh: `${g.product} 的 ${user} 账号可用空口令登录`,
                  },
                  detail: {
                    en: `The server accepted a login as ${user} with no password from this network. Anyone who reaches the port has full control of every database and, through FILE privileges, SELECT … INTO OUTFILE and UDFs, often of the host. Set a strong password (ALTER USER), drop remote root accounts (root@'%'), run mariadb-secure-installation / mysql_secure_installation and firewall the port to the application servers.`,
                    zh: `服务器接受了来自网络的 ${user} 空口令登录。任何能连到该端口的人都能完全控制所有数据库，还常可借助 FILE 权限、SELECT … INTO OUTFILE 和 UDF 控制主机。请设置强口令（ALTER USER），删除远程 root 账号（root@'%'），运行 mariadb-secure-installation / mysql_secure_installation，并用防火墙只允许应用服务器访问该端口。`,
                  },
                  action: 'harden',
                  evidence,
                },
              ],
            };
          }
          if (reply.kind === 'error') {
            return {
              status: 'ok',
              evidence: {
                ...base,
                login: 'refused',
                errorCode: reply.error.code,
                error: reply.error.message.slice(0, 200),
              },
              findings: [],
            };
          }
          return {
            status: 'ok',
            evidence: { ...base, login: reply.kind === 'more' ? 'full-auth-required' : `unexpected-${reply.kind}` },
            findings: [],
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not a MySQL greeting/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
