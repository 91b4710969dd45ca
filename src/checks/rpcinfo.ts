/**
 * rpcinfo: the portmapper DUMP (RFC 1833 §3.2, PMAPPROC_DUMP, version 2) over TCP with record marking, like
 * `rpcinfo -p host`: every registered ONC RPC program, version, transport and port, named from the standard
 * program numbers (portmapper, mountd, nfs, nlockmgr, status, ypserv, …).
 *
 * @output
 * 111/tcp rpcinfo: 100000 portmapper v2-4 tcp/111 udp/111; 100005 mountd v1,3 tcp/50426 udp/63087
 */
import { NetworkError } from '../core/errors.js';
import { callTcp, newXid } from '../protocols/sunrpc/client.js';
import { describePrograms, parsePmapDump, pmapDumpCall, RPC_PROGRAMS } from '../protocols/sunrpc/codec.js';
import type { Check, Evidence } from './types.js';

/** Programs whose exposure matters beyond the portmapper itself. */
const SENSITIVE = new Set([
  100001, 100002, 100003, 100004, 100005, 100007, 100008, 100009, 100011, 100012, 100021, 100024, 100068, 100083,
  100227, 100249, 150001,
]);

export const check: Check = {
  id: 'rpcinfo',
  title: { en: 'ONC RPC services registered with the portmapper', zh: '在 portmapper 登记的 ONC RPC 服务' },
  categories: ['safe', 'discovery'],
  references: ['RFC 5531', 'RFC 1833', 'CVE-2002-0391', 'CVE-2017-8779'],
  applies: { transport: 'tcp', ports: [111], services: ['rpcbind', 'sunrpc'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const xid = newXid();
    try {
      const r = await callTcp({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, pmapDumpCall(xid), xid);
      if (r.status !== 'success') {
        return { status: 'not-applicable', reason: `the portmapper refused DUMP (${r.status})` };
      }
      const mappings = parsePmapDump(r.body);
      if (mappings === null) return { status: 'error', error: 'malformed DUMP reply' };
      const programs = describePrograms(mappings);
      const sensitive = [
        ...new Set(
          mappings.filter((m) => SENSITIVE.has(m.program)).map((m) => RPC_PROGRAMS[m.program] ?? String(m.program)),
        ),
      ];
      const evidence: Evidence = {
        registrations: mappings.length,
        programs: programs.join('; '),
        sensitive: sensitive.join(', '),
        nfs: mappings.some((m) => m.program === 100003 || m.program === 100005),
      };
      return {
        status: 'ok',
        evidence,
        service: { service: 'rpcbind', product: 'ONC RPC portmapper' },
        findings: [
          {
            key: '',
            severity: sensitive.length > 0 ? 'medium' : 'low',
            title: { en: 'Anyone can list the RPC services on this host', zh: '任何人都能列出该主机上的 RPC 服务' },
            detail: {
              en: `The portmapper answered DUMP without authentication with ${mappings.length} registrations: ${programs.join('; ')}. ${sensitive.length > 0 ? `That points an attacker at ${sensitive.join(', ')} and their ports. ` : ''}Keep rpcbind only where NFSv3, NIS or another RPC service needs it, allow TCP/UDP 111 only from the client networks, and block it at the internet edge.`,
              zh: `portmapper 在未认证的情况下应答了 DUMP，共 ${mappings.length} 条登记：${programs.join('；')}。${sensitive.length > 0 ? `攻击者由此知道了 ${sensitive.join('、')} 及其端口。` : ''}只在 NFSv3、NIS 等 RPC 服务确实需要时保留 rpcbind，只允许客户端网段访问 TCP/UDP 111，并在互联网边界阻断它。`,
            },
            action: 'restrict',
            evidence,
          },
        ],
      };
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
  },
};
