/**
 * rpcbind-udp-amplification: sends one portmapper v2 DUMP and one rpcbind v3 DUMP over UDP (40 bytes each) and
 * compares the size of the answers with the request, as US-CERT TA14-017A measured for Portmap (7–28x). A
 * portmapper that answers DUMP over UDP to anyone can be used, with spoofed sources, to flood third parties.
 *
 * @output
 * 111/udp rpcbind-udp-amplification: 40-byte DUMP answered with 1116 bytes (27.9x)
 */
import { NetworkError } from '../core/errors.js';
import { callUdp, newXid } from '../protocols/sunrpc/client.js';
import { pmapDumpCall, rpcbDumpCall } from '../protocols/sunrpc/codec.js';
import type { Check, Evidence } from './types.js';

export const check: Check = {
  id: 'rpcbind-udp-amplification',
  title: { en: 'rpcbind UDP reflection and amplification', zh: 'rpcbind UDP 反射放大' },
  categories: ['safe', 'discovery'],
  references: [
    'RFC 1833',
    'TA14-017A',
    'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks',
  ],
  applies: { transport: 'udp', ports: [111], services: ['rpcbind', 'sunrpc'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const target = { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const sizes: { request: number; reply: number }[] = [];
    try {
      for (const build of [pmapDumpCall, (x: number) => rpcbDumpCall(x, 3)]) {
        const xid = newXid();
        const call = build(xid);
        const r = await callUdp(target, call, xid);
        if (r?.result.status === 'success') sizes.push({ request: call.length, reply: r.reply.length });
      }
    } catch (err) {
      // Refused (ICMP port unreachable) is the safe answer here, not a failure.
      if (err instanceof NetworkError && err.code === 'NETWORK' && sizes.length === 0) {
        return { status: 'ok', evidence: { answered: false, reason: err.message }, findings: [] };
      }
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    if (sizes.length === 0) return { status: 'ok', evidence: { answered: false }, findings: [] };
    const best = sizes.reduce((a, b) => (b.reply / b.request > a.reply / a.request ? b : a));
    const ratio = Math.round((best.reply / best.request) * 10) / 10;
    const evidence: Evidence = { answered: true, requestBytes: best.request, replyBytes: best.reply, ratio };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: ratio >= 5 ? 'medium' : 'low',
          title: {
            en: 'rpcbind answers DUMP over UDP (DDoS reflector)',
            zh: 'rpcbind 通过 UDP 应答 DUMP（可被用作 DDoS 反射源）',
          },
          detail: {
            en: `A ${best.request}-byte DUMP request over UDP got a ${best.reply}-byte answer, ${ratio} times larger. With a spoofed source address attackers aim such answers at a victim; internet-reachable portmappers are routinely abused this way. Block UDP 111 at the edge and allow it only from NFS/NIS clients; if nothing needs rpcbind, stop it (systemctl disable --now rpcbind.service rpcbind.socket).`,
            zh: `一个 ${best.request} 字节的 UDP DUMP 请求得到了 ${best.reply} 字节的应答，放大 ${ratio} 倍。攻击者伪造源地址后就能把这类应答打向受害者，暴露在公网的 portmapper 经常被这样滥用。应在边界阻断 UDP 111，只允许 NFS/NIS 客户端访问；若没有服务需要 rpcbind，就停掉它（systemctl disable --now rpcbind.service rpcbind.socket）。`,
          },
          action: 'restrict',
          evidence,
        },
      ],
    };
  },
};
