/**
 * cldap-amplification: sends one connectionless LDAP (CLDAP, UDP 389) search of the root DSE and compares the
 * size of the answer with the request. Active Directory domain controllers answer such unauthenticated datagrams
 * with kilobytes, which attackers reflect at victims with spoofed source addresses (amplification of 50-70x).
 *
 * @output
 * 389/udp cldap-amplification: 61-byte request, 3,084-byte answer (50.6x)
 */
import type { Check } from './types.js';
import { exchangeDatagram } from '../protocols/net/datagram.js';
import { encodeSearch, messageLength, parseMessage } from '../protocols/ldap/codec.js';

/** Amplification factor from which the reply makes the port a useful reflector. */
const THRESHOLD = 10;

export const check: Check = {
  id: 'cldap-amplification',
  title: { en: 'CLDAP reflection and amplification', zh: 'CLDAP 反射放大' },
  categories: ['safe', 'vuln'],
  references: [
    'RFC 1798',
    'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks',
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/895a7744-aff3-4f64-bcfa-f8c05915d2e9',
  ],
  applies: { transport: 'udp', ports: [389] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const request = encodeSearch(1, { base: '', scope: 'base', attributes: [] });
    let reply: Uint8Array | null;
    try {
      reply = await exchangeDatagram({
        host,
        port,
        payload: request,
        timeoutMs: ctx.timeoutMs,
        retries: 1,
        signal: ctx.signal,
        accept: (r) => r[0] === 0x30,
      });
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (reply === null) return { status: 'not-applicable', reason: 'no CLDAP answer (open|filtered or not CLDAP)' };
    // The datagram carries the whole answer: usually a SearchResultEntry then a SearchResultDone.
    let firstLength: number;
    try {
      firstLength = messageLength(reply);
    } catch {
      firstLength = -1;
    }
    const first = firstLength > 0 ? parseMessage(reply.subarray(0, firstLength)) : null;
    if (first === null) return { status: 'not-applicable', reason: 'the UDP answer is not an LDAP message' };
    const ratio = Math.round((reply.length / request.length) * 10) / 10;
    const evidence = { requestBytes: request.length, replyBytes: reply.length, ratio, firstMessage: first.op };
    if (ratio < THRESHOLD) return { status: 'ok', evidence, findings: [] };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: {
            en: `CLDAP answers ${request.length} bytes with ${reply.length} (${ratio}x): usable for reflection attacks`,
            zh: `CLDAP 以 ${reply.length} 字节应答 ${request.length} 字节的请求（放大 ${ratio} 倍），可被用于反射攻击`,
          },
          detail: {
            en: 'Anyone can send this unauthenticated UDP query with a forged source address and make the server flood the victim with answers many times larger. Block UDP 389 at the network edge so that only domain members reach it; CLDAP is needed by domain clients, not by the internet.',
            zh: '任何人都可以伪造源地址发送这种无需认证的 UDP 查询，让服务器向受害者发送大得多的应答。请在网络边界封锁 UDP 389，只允许域内成员访问；域客户端需要 CLDAP，互联网不需要。',
          },
          action: 'restrict',
          evidence,
        },
      ],
    };
  },
};
