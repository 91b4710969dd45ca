/**
 * mssql-prelogin: sends a TDS PRELOGIN (as SQL Server clients do before logging in) and reads the server's
 * version and encryption option: off (only the login packet is encrypted), on, not supported, or required. No
 * login is attempted. A server that cannot encrypt at all sends its logins, passwords included, in cleartext.
 *
 * @output
 * 1433/tcp mssql-prelogin: Microsoft SQL Server 2019 (15.0.2000), encryption off (login only)
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { prelogin } from '../protocols/tds/client.js';
import { releaseName } from '../protocols/tds/codec.js';

export const check: Check = {
  id: 'mssql-prelogin',
  title: { en: 'SQL Server PRELOGIN (version and encryption)', zh: 'SQL Server PRELOGIN（版本与加密）' },
  categories: ['safe', 'discovery'],
  references: [
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-tds/60f56408-0188-4cd5-8b90-25c6f2423868',
    'https://learn.microsoft.com/en-us/troubleshoot/sql/releases/download-and-install-latest-updates',
  ],
  applies: { transport: 'tcp', ports: [1433], services: ['ms-sql-s'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 128 * 1024 },
        },
        async (s) => {
          const p = await prelogin(s, 'off');
          const release = p.version === null ? null : releaseName(p.version);
          const evidence = {
            version: p.version,
            subbuild: p.subbuild,
            release,
            encryption: p.encryption,
            instance: p.instance,
            mars: p.mars,
          };
          const findings: CheckFinding[] = [];
          if (p.encryption === 'not-supported') {
            findings.push({
              key: 'no-encryption',
              severity: 'high',
              title: { en: 'SQL Server cannot encrypt connections', zh: 'SQL Server 不支持连接加密' },
              detail: {
                en: 'The PRELOGIN answer says ENCRYPT_NOT_SUP: not even the login packet is encrypted, so SQL logins and their (merely obfuscated) passwords and every query cross the network in cleartext. Install a certificate for SQL Server, set Force Encryption (or Force Strict Encryption on SQL Server 2022) and firewall the port to the application servers.',
                zh: 'PRELOGIN 应答为 ENCRYPT_NOT_SUP：连登录数据包都不加密，SQL 登录名及其（仅经过简单混淆的）口令和所有查询都以明文在网络上传输。请为 SQL Server 安装证书，开启“强制加密”（SQL Server 2022 可用“强制严格加密”），并用防火墙只允许应用服务器访问该端口。',
              },
              action: 'harden',
              evidence,
            });
          }
          return {
            status: 'ok',
            evidence,
            findings,
            service: {
              service: 'ms-sql-s',
              product: release ?? 'Microsoft SQL Server',
              ...(p.version !== null && { version: p.version }),
            },
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
