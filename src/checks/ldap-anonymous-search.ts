/**
 * ldap-anonymous-search: without binding, one subtree search of the first naming context (or `ldap.base`) for
 * `(objectClass=*)`, size limit 10, no attributes: it counts the entries an anonymous client sees and shows a
 * few DNs. Entries coming back means the directory's contents are readable by anyone who reaches the port.
 *
 * @output
 * 389/tcp ldap-anonymous-search: 6 entries readable anonymously under dc=lab,dc=test (uid=alice,ou=people,…)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { RESULT_NAMES, attribute, encodeSearch, encodeUnbind } from '../protocols/ldap/codec.js';
import { exchange, ldapsPort, readRootDse } from '../protocols/ldap/client.js';

const SIZE_LIMIT = 10;

export const check: Check = {
  id: 'ldap-anonymous-search',
  title: { en: 'LDAP directory readable anonymously', zh: 'LDAP 目录可被匿名读取' },
  categories: ['safe', 'auth'],
  references: ['RFC 4511', 'RFC 4513', 'https://www.openldap.org/doc/admin26/access-control.html'],
  applies: { transport: 'tcp', ports: [389, 636, 3268, 3269], services: ['ldap', 'ldaps'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const tls = ldapsPort(port, service);
    try {
      return await withStream(
        {
          host,
          port,
          tls,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 512 * 1024 },
        },
        async (s) => {
          let base: string | null = ctx.args['ldap.base'] ?? null;
          if (base === null) {
            const dse = await readRootDse(s, 1, ['namingContexts', 'defaultNamingContext']);
            base =
              attribute(dse.attributes, 'defaultNamingContext')[0] ??
              attribute(dse.attributes, 'namingContexts')[0] ??
              null;
            if (base === null) {
              s.write(encodeUnbind(2));
              return {
                status: 'ok',
                evidence: {
                  tls,
                  base: null,
                  rootDseResult: RESULT_NAMES[dse.code] ?? String(dse.code),
                  diagnostic: dse.diagnostic.slice(0, 200),
                },
                findings: [],
              };
            }
          }
          const { replies } = await exchange(
            s,
            3,
            encodeSearch(3, { base, scope: 'sub', sizeLimit: SIZE_LIMIT, attributes: ['1.1'] }),
            SIZE_LIMIT + 50,
          );
          s.write(encodeUnbind(4));
          const entries = replies.flatMap((m) => (m.op === 'entry' ? [m.dn] : []));
          const done = replies.find((m) => m.op === 'done');
          const code = done?.op === 'done' ? done.result.code : null;
          const evidence = {
            tls,
            base,
            entries: entries.length,
            more: code === 4,
            result: code === null ? null : (RESULT_NAMES[code] ?? String(code)),
            sample: entries.slice(0, 5).join(' | ').slice(0, 600) || null,
          };
          if (entries.length === 0) return { status: 'ok', evidence, findings: [] };
          const count = `${entries.length}${code === 4 ? '+' : ''}`;
          return {
            status: 'ok',
            evidence,
            findings: [
              {
                key: '',
                severity: 'high',
                title: {
                  en: `${count} LDAP entries readable without authentication under ${base}`,
                  zh: `无需认证即可读取 ${base} 下的 ${count} 个 LDAP 条目`,
                },
                detail: {
                  en: `An anonymous subtree search returned entries (for example ${entries[0] ?? ''}). Anyone who reaches the port can dump the directory: accounts, groups, e-mail addresses and whatever else the ACLs let "anonymous" read, the raw material of password spraying and phishing. Require authentication (olcRequires: authc, olcDisallows: bind_anon; on Active Directory leave anonymous operations off in dSHeuristics) and give read access to authenticated users only.`,
                  zh: `一次匿名子树搜索返回了条目（例如 ${entries[0] ?? ''}）。任何能连到该端口的人都能导出整个目录：账号、组、邮箱地址以及 ACL 允许 anonymous 读取的其他内容，这正是口令喷洒和钓鱼的素材。请要求认证（olcRequires: authc、olcDisallows: bind_anon；Active Directory 上不要在 dSHeuristics 中开启匿名操作），并只向已认证用户授予读权限。`,
                },
                action: 'harden',
                evidence,
              },
            ],
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not LDAP/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
