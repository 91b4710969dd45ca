/**
 * redis-noauth: sends PING, and INFO server when PING is answered, without credentials. A PONG means anyone who
 * reaches the port can read and change every key and, through CONFIG SET or replication, often write files as
 * the redis user; NOAUTH means a password (or ACL) protects it; DENIED means protected mode refused us.
 *
 * @output
 * 6379/tcp redis-noauth: Redis 7.0.15 (standalone, Linux 6.1.0-18-amd64 x86_64) answers without a password
 */
import type { Check, CheckFinding } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { parseInfo } from '../protocols/redis/codec.js';
import { command } from '../protocols/redis/client.js';

export const check: Check = {
  id: 'redis-noauth',
  title: { en: 'Redis without authentication', zh: 'Redis 未启用认证' },
  categories: ['safe', 'auth'],
  references: [
    'https://redis.io/docs/latest/operate/oss_and_stack/management/security/',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/',
  ],
  applies: { transport: 'tcp', ports: [6379], services: ['redis'] },
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
          const pong = await command(s, 'PING');
          if (pong.type === 'error') {
            const code = pong.value.split(' ')[0] ?? '';
            if (code === 'NOAUTH' || code === 'WRONGPASS') {
              return { status: 'ok', evidence: { auth: 'required', reply: pong.value.slice(0, 200) }, findings: [] };
            }
            if (code === 'DENIED') {
              const finding: CheckFinding = {
                key: 'protected-mode',
                severity: 'low',
                title: {
                  en: 'Redis has no password and relies on protected mode',
                  zh: 'Redis 未设置口令，仅依靠保护模式',
                },
                detail: {
                  en: 'The server refused us with DENIED: protected mode blocks remote clients because no password is set. A configuration change (protected-mode no, or a bind line) would open it to anyone; set requirepass or ACL users and bind Redis to the addresses its clients use.',
                  zh: '服务器以 DENIED 拒绝了连接：由于未设置口令，保护模式拦截了远程客户端。一旦修改配置（protected-mode no 或调整 bind），任何人都能访问；请设置 requirepass 或 ACL 用户，并让 Redis 只监听客户端实际使用的地址。',
                },
                action: 'harden',
                evidence: { reply: pong.value.slice(0, 200) },
              };
              return { status: 'ok', evidence: { auth: 'protected-mode' }, findings: [finding] };
            }
            return { status: 'ok', evidence: { auth: 'unknown', reply: pong.value.slice(0, 200) }, findings: [] };
          }
          if (!(pong.type === 'simple' && pong.value === 'PONG') && !(pong.type === 'bulk' && pong.value === 'PONG')) {
            return { status: 'not-applicable', reason: 'PING was not answered with PONG' };
          }
          const infoReply = await command(s, 'INFO', 'server');
          const info = infoReply.type === 'bulk' && infoReply.value !== null ? parseInfo(infoReply.value) : {};
          const version = info['redis_version'] ?? null;
          const mode = info['redis_mode'] ?? null;
          const os = info['os'] ?? null;
          const evidence = { auth: 'none', version, mode, os, tcpPort: info['tcp_port'] ?? null };
          const finding: CheckFinding = {
            key: '',
            severity: 'critical',
            title: {
              en: `Redis${version === null ? '' : ` ${version}`} answers without a password`,
              zh: `Redis${version === null ? '' : ` ${version}`} 无需口令即可访问`,
            },
            detail: {
              en: 'PING and INFO were answered without authentication. Anyone who reaches this port can read, change and delete every key, and with CONFIG SET dir/dbfilename or a rogue replica can write files such as SSH keys or cron jobs as the redis user. Bind Redis to the addresses its clients use, firewall the port, and set requirepass or ACL users.',
              zh: '未经认证即可得到 PING 和 INFO 的应答。任何能连到该端口的人都可以读取、修改和删除所有键，还能借助 CONFIG SET dir/dbfilename 或恶意主从复制，以 redis 用户身份写入 SSH 公钥、计划任务等文件。请让 Redis 只监听客户端使用的地址，用防火墙限制该端口，并设置 requirepass 或 ACL 用户。',
            },
            action: 'restrict',
            evidence,
          };
          return {
            status: 'ok',
            evidence,
            findings: [finding],
            service: {
              service: 'redis',
              product: 'Redis key-value store',
              ...(version !== null && { version }),
              ...(mode !== null && { extraInfo: os === null ? mode : `${mode}; ${os}` }),
            },
          };
        },
      );
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
