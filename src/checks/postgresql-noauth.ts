/**
 * postgresql-noauth: sends one start-up message as user postgres, database postgres, and reports the
 * authentication the server asks for (SCRAM-SHA-256, md5, cleartext password, GSS/SSPI…). AuthenticationOk
 * without any password means trust authentication for the superuser: critical. No password is sent and no query
 * runs; the connection ends with Terminate.
 *
 * @output
 * 5432/tcp postgresql-noauth: postgres logs in without a password (trust), PostgreSQL 15.6
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { sslRequest, startup } from '../protocols/postgresql/client.js';

export const check: Check = {
  id: 'postgresql-noauth',
  title: { en: 'PostgreSQL superuser without a password', zh: 'PostgreSQL 超级用户无需口令' },
  categories: ['safe', 'auth'],
  references: [
    'https://www.postgresql.org/docs/current/auth-trust.html',
    'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
    'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP',
  ],
  applies: { transport: 'tcp', ports: [5432], services: ['postgresql'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const user = ctx.args['postgresql.user'] ?? 'postgres';
    const database = ctx.args['postgresql.database'] ?? 'postgres';
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 256 * 1024 },
        },
        async (s) => {
          // Inside TLS when offered, so that hostssl-only servers answer like they do to their own clients.
          const tls = (await sslRequest(s)) === 'S';
          if (tls) await s.startTls();
          const messages = await startup(s, { user, database, application_name: 'portwarden' });
          const auth = messages.find((m) => m.type === 'auth');
          const error = messages.find((m) => m.type === 'error');
          const params = Object.fromEntries(
            messages.flatMap((m) => (m.type === 'parameter' ? [[m.name, m.value] as const] : [])),
          );
          const version = params['server_version'] ?? null;
          if (auth === undefined) {
            const fields = error?.type === 'error' ? error.fields : null;
            return {
              status: 'ok',
              evidence: {
                user,
                database,
                tls,
                auth: 'refused',
                sqlState: fields?.code ?? null,
                error: fields?.message.slice(0, 200) ?? null,
              },
              findings: [],
            };
          }
          const mechanisms = auth.mechanisms.join(' ');
          const evidence = {
            user,
            database,
            tls,
            auth: auth.method === 'ok' ? 'trust' : auth.method,
            saslMechanisms: mechanisms === '' ? null : mechanisms,
            version,
            superuser: params['is_superuser'] ?? null,
          };
          const findings: CheckFinding[] = [];
          if (auth.method === 'ok') {
            findings.push({
              key: '',
              severity: 'critical',
              title: {
                en: `${user} logs in to PostgreSQL${version === null ? '' : ` ${version}`} without a password`,
                zh: `PostgreSQL${version === null ? '' : ` ${version}`} 的 ${user} 用户无需口令即可登录`,
              },
              detail: {
                en: `The server answered the start-up message for ${user}/${database} with AuthenticationOk: pg_hba.conf trusts this client. Anyone who reaches the port is the database superuser and, through COPY … FROM PROGRAM or untrusted languages, can run commands as the postgres account. Replace trust with scram-sha-256 in pg_hba.conf, list only the application servers' addresses, and firewall the port.`,
                zh: `服务器对 ${user}/${database} 的启动消息直接回复 AuthenticationOk：pg_hba.conf 对该客户端使用了 trust。任何能连到该端口的人都是数据库超级用户，还可借助 COPY … FROM PROGRAM 或不受信任的过程语言以 postgres 账号执行命令。请在 pg_hba.conf 中把 trust 换成 scram-sha-256，只列出应用服务器的地址，并用防火墙限制该端口。`,
              },
              action: 'harden',
              evidence,
            });
          } else if (auth.method === 'cleartext' && !tls) {
            findings.push({
              key: 'cleartext-password',
              severity: 'high',
              title: {
                en: 'PostgreSQL asks for a cleartext password without TLS',
                zh: 'PostgreSQL 在无 TLS 的连接上要求明文口令',
              },
              detail: {
                en: `The server wants ${user}'s password in cleartext (the password method) on a connection without TLS: anyone on the path reads it. Use scram-sha-256 and hostssl lines.`,
                zh: `服务器在没有 TLS 的连接上要求以明文（password 方式）发送 ${user} 的口令，链路上的任何人都能读取。请改用 scram-sha-256 并使用 hostssl 规则。`,
              },
              action: 'harden',
              evidence,
            });
          }
          return {
            status: 'ok',
            evidence,
            findings,
            service: { service: 'postgresql', product: 'PostgreSQL', ...(version !== null && { version }) },
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not (a )?PostgreSQL/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
