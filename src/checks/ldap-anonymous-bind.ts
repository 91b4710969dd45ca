/**
 * ldap-anonymous-bind: sends an anonymous simple bind (empty name and password, RFC 4513 §5.1.1); when the server
 * accepts it, one size-limited one-level search under the first naming context, asking for no attributes, tells
 * whether the anonymous identity can see entries. Nothing is read in bulk.
 *
 * @output
 * 389/tcp ldap-anonymous-bind: anonymous bind accepted; 2 entries visible under dc=lab,dc=test
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { RESULT_NAMES, attribute, encodeAnonymousBind, encodeSearch, encodeUnbind } from '../protocols/ldap/codec.js';
import { exchange, ldapsPort, readRootDse } from '../protocols/ldap/client.js';

export const check: Check = {
  id: 'ldap-anonymous-bind',
  title: { en: 'LDAP anonymous bind', zh: 'LDAP 匿名绑定' },
  categories: ['safe', 'auth'],
  references: ['RFC 4513', 'https://www.openldap.org/doc/admin26/security.html'],
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
          const { replies } = await exchange(s, 1, encodeAnonymousBind(1));
          const bind = replies.find((m) => m.op === 'bind' || m.op === 'extended');
          if (bind === undefined || !('result' in bind))
            throw new NetworkError('BAD_REPLY', 'not LDAP: no BindResponse');
          const code = bind.result.code;
          if (code !== 0) {
            s.write(encodeUnbind(2));
            return {
              status: 'ok',
              evidence: {
                tls,
                bind: 'refused',
                resultCode: code,
                result: RESULT_NAMES[code] ?? String(code),
                diagnostic: bind.result.diagnostic.slice(0, 200),
              },
              findings: [],
            };
          }
          const base =
            ctx.args['ldap.base'] ??
            attribute((await readRootDse(s, 2, ['namingContexts'])).attributes, 'namingContexts')[0] ??
            null;
          let visible = 0;
          let searchCode: number | null = null;
          if (base !== null) {
            const search = await exchange(
              s,
              3,
              encodeSearch(3, { base, scope: 'one', sizeLimit: 5, attributes: ['1.1'] }),
            );
            visible = search.replies.filter((m) => m.op === 'entry').length;
            const done = search.replies.find((m) => m.op === 'done');
            searchCode = done?.op === 'done' ? done.result.code : null;
          }
          s.write(encodeUnbind(4));
          const evidence = { tls, bind: 'accepted', base, entriesVisible: visible, searchResult: searchCode };
          const finding: CheckFinding =
            visible > 0
              ? {
                  key: '',
                  severity: 'medium',
                  title: {
                    en: `LDAP accepts anonymous binds and shows entries under ${base ?? ''}`,
                    zh: `LDAP 接受匿名绑定，且可看到 ${base ?? ''} 下的条目`,
                  },
                  detail: {
                    en: 'An empty name and password were accepted and the anonymous identity can list entries below the naming context: user names, groups and e-mail addresses are open to anyone on the network, for phishing, password spraying and mapping the organisation. Disallow anonymous binds (olcDisallows: bind_anon, olcRequires: authc; on Active Directory keep dSHeuristics from allowing anonymous operations) or restrict the ACLs to authenticated users.',
                    zh: '服务器接受了空用户名和空口令的绑定，匿名身份还能列出命名上下文下的条目：用户名、组和邮箱地址对网络上的任何人公开，可被用于钓鱼、口令喷洒和摸清组织结构。请禁止匿名绑定（olcDisallows: bind_anon、olcRequires: authc；Active Directory 上不要通过 dSHeuristics 允许匿名操作），或把 ACL 限制为仅认证用户可读。',
                  },
                  action: 'harden',
                  evidence,
                }
              : {
                  key: '',
                  severity: 'low',
                  title: { en: 'LDAP accepts anonymous binds', zh: 'LDAP 接受匿名绑定' },
                  detail: {
                    en: 'An empty name and password were accepted. No entries were visible below the naming context, but any ACL that grants read to "*" or "anonymous" exposes data to everyone. Disallow anonymous binds unless a client really needs them.',
                    zh: '服务器接受了空用户名和空口令的绑定。虽然在命名上下文下未看到条目，但任何授予“*”或“anonymous”读权限的 ACL 都会把数据暴露给所有人。除非确有客户端需要，请禁止匿名绑定。',
                  },
                  action: 'harden',
                  evidence,
                };
          return { status: 'ok', evidence, findings: [finding] };
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
