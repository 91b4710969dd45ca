/**
 * oracle-sid-guess (intrusive): tries a short list of common SIDs, one TNS CONNECT each on its own connection. The
 * listener refuses an unknown SID with ERR=12505; an ACCEPT, REDIRECT or a refusal for any other reason means the
 * SID is registered. Every attempt is a line in the listener log, so it runs only with --intrusive. The list can be
 * replaced with `oracle.sids=A,B,C`.
 *
 * @output
 * 1521/tcp oracle-sid-guess: SIDs found: XE
 */
import type { Check } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { connect } from '../protocols/tns/client.js';
import { descriptorValue, sidDescriptor } from '../protocols/tns/codec.js';

const DEFAULT_SIDS = ['ORCL', 'XE', 'ORCLCDB', 'ORCLPDB1', 'XEPDB1', 'PROD', 'TEST', 'DEV', 'DB11G', 'FREE'];
/** "TNS:listener does not currently know of SID given in connect descriptor". */
const UNKNOWN_SID = '12505';

export const check: Check = {
  id: 'oracle-sid-guess',
  title: { en: 'Oracle SID guessing', zh: 'Oracle SID 猜测' },
  categories: ['intrusive', 'discovery'],
  references: [
    'https://docs.oracle.com/en/database/oracle/oracle-database/19/netag/',
    'https://nmap.org/nsedoc/scripts/oracle-sid-brute.html',
  ],
  applies: { transport: 'tcp', ports: [1521, 1522, 1526, 2483], services: ['oracle-tns', 'oracle'] },
  async run(ctx) {
    if (!ctx.intrusive) {
      return { status: 'not-applicable', reason: 'guesses SIDs: runs only when intrusive checks are allowed' };
    }
    const { host, port } = ctx.target;
    const sids = (ctx.args['oracle.sids']?.split(',') ?? DEFAULT_SIDS)
      .map((x) => x.trim())
      .filter((x) => /^[A-Za-z0-9_$#.]{1,64}$/.test(x))
      .slice(0, 50);
    const found: string[] = [];
    const errors = new Set<string>();
    try {
      for (const sid of sids) {
        if (ctx.signal.aborted) break;
        const outcome = await withStream(
          {
            host,
            port,
            signal: ctx.signal,
            limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
          },
          async (s) => (await connect(s, sidDescriptor(host, port, sid), 1)).answer,
        );
        if (outcome.type === 'refuse') {
          const err = descriptorValue(outcome.data, 'ERR') ?? '';
          if (err === UNKNOWN_SID) continue;
          errors.add(err);
          if (err !== '') found.push(sid);
        } else if (outcome.type === 'accept' || outcome.type === 'redirect') {
          found.push(sid);
        } else {
          return { status: 'not-applicable', reason: `an unexpected TNS answer (${outcome.type})` };
        }
      }
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const evidence = {
      tried: sids.join(','),
      found: found.join(',') || null,
      otherErrors: [...errors].join(',') || null,
    };
    if (found.length === 0) return { status: 'ok', evidence, findings: [] };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: {
            en: `Oracle SIDs found by guessing: ${found.join(', ')}`,
            zh: `猜测得到 Oracle SID：${found.join('、')}`,
          },
          detail: {
            en: 'The listener tells registered SIDs from unknown ones to anyone who asks. A known SID is what password guessing against default accounts (SYSTEM, DBSNMP, SCOTT…) needs next. Use non-default service names, restrict 1521 with TCP.VALIDNODE_CHECKING and the firewall, and lock or change default accounts.',
            zh: '监听器会向任何请求者区分已注册和未知的 SID。已知的 SID 正是下一步对默认账号（SYSTEM、DBSNMP、SCOTT 等）猜测口令所需的信息。请使用非默认的服务名，用 TCP.VALIDNODE_CHECKING 和防火墙限制 1521 端口，并锁定默认账号或修改其口令。',
          },
          action: 'restrict',
          evidence,
        },
      ],
    };
  },
};
