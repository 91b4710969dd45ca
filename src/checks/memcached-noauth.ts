/**
 * memcached-noauth: sends `version` and `stats` over TCP without credentials. Answers mean anyone who reaches the
 * port can read, overwrite and flush the cache; CLIENT_ERROR/ERROR means SASL or the ascii auth file is on.
 *
 * @output
 * 11211/tcp memcached-noauth: memcached 1.6.18 answers without authentication (uptime 86400 s, 12 connections)
 */
import type { Check, CheckFinding } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { isRefusal, parseStats, parseVersion, replyLength } from '../protocols/memcached/codec.js';

export const check: Check = {
  id: 'memcached-noauth',
  title: { en: 'memcached without authentication', zh: 'memcached 未启用认证' },
  categories: ['safe', 'auth'],
  references: [
    'https://github.com/memcached/memcached/blob/master/doc/protocol.txt',
    'https://github.com/memcached/memcached/wiki/SASLHowto',
  ],
  applies: { transport: 'tcp', ports: [11211], services: ['memcached'] },
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
          s.write('version\r\n');
          const first = Buffer.from(await s.read(replyLength)).toString('latin1');
          if (isRefusal(first)) {
            return { status: 'ok', evidence: { auth: 'required', reply: first.trim().slice(0, 200) }, findings: [] };
          }
          const version = parseVersion(first);
          if (version === null) return { status: 'not-applicable', reason: 'no memcached VERSION reply' };
          s.write('stats\r\n');
          const statsText = Buffer.from(await s.read(replyLength)).toString('latin1');
          const stats = isRefusal(statsText) ? {} : parseStats(statsText);
          const evidence = {
            auth: 'none',
            version,
            uptime: stats['uptime'] === undefined ? null : Number(stats['uptime']),
            currConnections: stats['curr_connections'] === undefined ? null : Number(stats['curr_connections']),
            currItems: stats['curr_items'] === undefined ? null : Number(stats['curr_items']),
            bytes: stats['bytes'] === undefined ? null : Number(stats['bytes']),
          };
          const finding: CheckFinding = {
            key: '',
            severity: 'high',
            title: {
              en: `memcached ${version} answers without authentication`,
              zh: `memcached ${version} 无需认证即可访问`,
            },
            detail: {
              en: `The server answered version and stats to an unauthenticated client (${String(evidence.currItems ?? '?')} items cached). Anyone who reaches the port can read cached sessions and data, poison entries the application trusts, or flush everything. Listen only on the addresses the application uses (-l), firewall 11211, and enable SASL (-S) or an ascii auth file (-Y) where clients support it.`,
              zh: `服务器向未认证的客户端返回了 version 和 stats（缓存中有 ${String(evidence.currItems ?? '?')} 个条目）。任何能连到该端口的人都可以读取缓存的会话和数据、篡改应用所信任的条目，或清空整个缓存。请只监听应用使用的地址（-l），用防火墙限制 11211 端口，并在客户端支持时启用 SASL（-S）或 ascii 认证文件（-Y）。`,
            },
            action: 'restrict',
            evidence,
          };
          return {
            status: 'ok',
            evidence,
            findings: [finding],
            service: { service: 'memcached', product: 'memcached', version },
          };
        },
      );
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
