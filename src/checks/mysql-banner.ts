/**
 * mysql-banner: connects and reads the server greeting (Handshake v10): protocol, server version, MariaDB or
 * MySQL, the proposed authentication plugin and whether TLS is offered. A server that answers with an error
 * instead (1130 "Host … is not allowed to connect") is still identified. Sends nothing.
 *
 * @output
 * 3306/tcp mysql-banner: MariaDB 10.11.6 (protocol 10, mysql_native_password), TLS not offered
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { readGreeting } from '../protocols/mysql/client.js';

export const check: Check = {
  id: 'mysql-banner',
  title: { en: 'MySQL/MariaDB server greeting', zh: 'MySQL/MariaDB 服务器问候信息' },
  categories: ['safe', 'discovery'],
  references: [
    'https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html',
    'https://mariadb.com/kb/en/connection/',
    'https://mariadb.com/kb/en/securing-connections-for-client-and-server/',
  ],
  applies: { transport: 'tcp', ports: [3306], services: ['mysql'] },
  async run(ctx) {
    const { host, port } = ctx.target;
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
            const { code, message } = first.error;
            const refused = code === 1130 || /not allowed to connect/i.test(message);
            const product = /mariadb/i.test(message) ? 'MariaDB' : 'MySQL';
            return {
              status: 'ok',
              evidence: { errorCode: code, error: message.slice(0, 200), hostRefused: refused, product },
              findings: [],
              service: { service: 'mysql', product, extraInfo: refused ? 'unauthorized' : `error ${code}` },
            };
          }
          const g = first.greeting;
          const evidence = {
            protocol: g.protocol,
            serverVersion: g.serverVersion.slice(0, 128),
            product: g.product,
            version: g.version,
            authPlugin: g.authPlugin,
            tls: g.tls,
            capabilities: `0x${g.capabilities.toString(16).padStart(8, '0')}`,
          };
          const findings: CheckFinding[] = [];
          if (!g.tls) {
            findings.push({
              key: 'no-tls',
              severity: 'medium',
              title: {
                en: `${g.product} does not offer TLS`,
                zh: `${g.product} 未提供 TLS 加密`,
              },
              detail: {
                en: `The greeting lacks the CLIENT_SSL capability, so every client logs in and exchanges queries and results in cleartext; with the ${g.authPlugin ?? 'offered'} plugin a captured login can be replayed or cracked offline. Configure ssl_cert/ssl_key (or let MariaDB 11.4+ generate them), require TLS for remote accounts (REQUIRE SSL, require_secure_transport) and firewall the port to the application servers.`,
                zh: `问候包中没有 CLIENT_SSL 能力标志，客户端的登录过程以及查询和结果都以明文传输；使用 ${g.authPlugin ?? '该'} 认证插件时，被截获的登录可被离线破解。请配置 ssl_cert/ssl_key，为远程账号强制 TLS（REQUIRE SSL、require_secure_transport），并用防火墙只允许应用服务器访问该端口。`,
              },
              action: 'harden',
              evidence: { tls: false, capabilities: evidence.capabilities },
            });
          }
          return {
            status: 'ok',
            evidence,
            findings,
            service: {
              service: 'mysql',
              product: g.product,
              ...(g.version !== null && { version: g.version }),
              extraInfo: g.serverVersion.slice(0, 128),
            },
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
