/**
 * postgresql-detect: sends an SSLRequest and records whether the server offers TLS ('S') or not ('N'); with TLS it
 * completes the handshake and reads the certificate. Then, inside TLS when there is TLS, it sends a start-up
 * message for an unsupported protocol version (9.0), which every PostgreSQL since 7.4 refuses with an
 * ErrorResponse naming the versions it supports — proof of PostgreSQL without naming any user or database.
 *
 * @output
 * 5432/tcp postgresql-detect: PostgreSQL (protocol 3.0-3.0), TLS not offered
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { readMessage, sslRequest } from '../protocols/postgresql/client.js';
import { encodeStartup, supportedProtocols } from '../protocols/postgresql/codec.js';
import { summarizeCertificate } from '../protocols/tls/certificate.js';

export const check: Check = {
  id: 'postgresql-detect',
  title: { en: 'PostgreSQL detection and TLS', zh: 'PostgreSQL 识别与 TLS 支持' },
  categories: ['safe', 'discovery'],
  references: [
    'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-SSL',
    'https://www.postgresql.org/docs/current/ssl-tcp.html',
    'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
  ],
  applies: { transport: 'tcp', ports: [5432], services: ['postgresql'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 256 * 1024 },
        },
        async (s) => {
          const answer = await sslRequest(s);
          let certificate: Record<string, string | number | boolean | null> = {};
          if (answer === 'S') {
            await s.startTls();
            const raw = s.tls?.getPeerCertificate().raw;
            if (raw !== undefined && raw.length > 0) {
              const c = summarizeCertificate(raw);
              certificate = {
                certSubject: c.subject.slice(0, 200),
                certIssuer: c.issuer.slice(0, 200),
                certNotAfter: c.notAfter.toISOString(),
                certSelfSigned: c.selfSigned,
              };
            }
            certificate['tlsVersion'] = s.tls?.getProtocol() ?? null;
          }
          let protocols: string | null = null;
          let sqlState: string | null = null;
          if (answer !== 'E') {
            s.write(encodeStartup({ user: 'portwarden' }, 9, 0));
            const reply = await readMessage(s);
            if (reply.type === 'error') {
              protocols = supportedProtocols(reply.fields.message);
              sqlState = reply.fields.code;
            }
          }
          const evidence = { tls: answer === 'S', sslResponse: answer, protocols, sqlState, ...certificate };
          const findings: CheckFinding[] = [];
          if (answer !== 'S') {
            findings.push({
              key: 'no-tls',
              severity: 'medium',
              title: { en: 'PostgreSQL does not offer TLS', zh: 'PostgreSQL 未提供 TLS 加密' },
              detail: {
                en: 'The server answered the SSLRequest with N: every connection carries its queries, results and (with the password method) passwords in cleartext, and md5 logins can be replayed against the same salt or cracked offline. Set ssl = on with a proper certificate and use hostssl lines in pg_hba.conf for remote clients.',
                zh: '服务器对 SSLRequest 回答 N：所有连接的查询、结果以及（使用 password 方式时的）口令均以明文传输，md5 登录可被截获后离线破解。请设置 ssl = on 并配置正规证书，并在 pg_hba.conf 中对远程客户端使用 hostssl 规则。',
              },
              action: 'harden',
              evidence: { sslResponse: answer },
            });
          }
          return {
            status: 'ok',
            evidence,
            findings,
            service: { service: 'postgresql', product: 'PostgreSQL', ...(answer === 'S' && { tls: true }) },
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
