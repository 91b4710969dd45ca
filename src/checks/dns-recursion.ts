/**
 * dns-recursion: sends one query with RD (recursion desired) for a name the server should not hold itself, and
 * reports an open resolver when the answer comes from recursion: RA (recursion available) set, and either records or
 * NXDOMAIN. An authoritative-only server answers its own names with RA clear and refuses the rest.
 * The name is `dns.recursion-name` (default example.com, RFC 2606), type A.
 *
 * @output
 * 53/udp dns-recursion: recursion open: www.lab.test A → 203.0.113.10 (RA set)
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { DNS_TYPE, rcodeName } from '../protocols/dns/codec.js';
import { dnsQuery } from '../protocols/dns/client.js';

export const DEFAULT_RECURSION_NAME = 'example.com';
const NOERROR = 0;
const NXDOMAIN = 3;

export const check: Check = {
  id: 'dns-recursion',
  title: { en: 'DNS recursion open to the scanner', zh: 'DNS 服务器对扫描方开放递归' },
  categories: ['safe'],
  references: ['RFC 1035', 'RFC 5358', 'https://www.cisa.gov/news-events/alerts/2013/03/29/dns-amplification-attacks'],
  applies: { transport: 'udp', ports: [53], services: ['domain'] },
  async run(ctx) {
    const { host, port, transport } = ctx.target;
    const name = ctx.args['dns.recursion-name'] ?? DEFAULT_RECURSION_NAME;
    let reply;
    try {
      reply = await dnsQuery(
        { host, port, transport, timeoutMs: ctx.timeoutMs, signal: ctx.signal },
        { name, type: DNS_TYPE.A, recursionDesired: true },
      );
    } catch (err) {
      if (err instanceof RangeError) return { status: 'not-applicable', reason: `bad dns.recursion-name: ${name}` };
      if (err instanceof NetworkError && err.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no DNS server: ${err.message}` };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (reply === null) {
      // Silence to a recursive query is how many resolvers refuse strangers (BIND allow-query, firewalls).
      return { status: 'ok', evidence: { name, answered: false }, findings: [] };
    }
    const addresses = reply.answers.filter((a) => a.type === DNS_TYPE.A || a.type === DNS_TYPE.CNAME);
    // RA is the server saying it recurses for this client; an answer or NXDOMAIN shows it did. AA alone does not
    // disprove it: forwarders such as dnsmasq copy the upstream's AA bit into their answer.
    const fromRecursion =
      reply.recursionAvailable && ((reply.rcode === NOERROR && reply.answers.length > 0) || reply.rcode === NXDOMAIN);
    const verdict = fromRecursion
      ? 'open'
      : reply.authoritative
        ? 'closed: answered from its own zone only'
        : reply.recursionAvailable && reply.rcode === 2
          ? 'inconclusive: recursion offered but the lookup failed (SERVFAIL)'
          : 'closed';
    const evidence = {
      name,
      answered: true,
      rcode: rcodeName(reply.rcode),
      recursionAvailable: reply.recursionAvailable,
      authoritative: reply.authoritative,
      answers: reply.answers.length,
      data: addresses
        .slice(0, 4)
        .map((a) => a.data)
        .join(' '),
      verdict,
    };
    const findings: CheckFinding[] = [];
    if (fromRecursion) {
      const result = reply.rcode === NXDOMAIN ? 'NXDOMAIN' : evidence.data || `${reply.answers.length} records`;
      findings.push({
        key: '',
        severity: 'medium',
        title: { en: 'Open DNS resolver: recursion for anyone', zh: '开放 DNS 解析器：任何人都可递归查询' },
        detail: {
          en:
            `The server resolved ${name} for this scanner (answer: ${result}, recursion available). A resolver that recurses for strangers is used to amplify floods with spoofed ` +
            `queries, leaks what its users look up and is easier to poison. Serve recursion only to your own ` +
            `clients (BIND: allow-recursion { localnets; }; Unbound: access-control; dnsmasq: listen only on ` +
            `internal interfaces, local-service) or turn it off on authoritative servers (recursion no;).`,
          zh:
            `服务器为本扫描方解析了 ${name}（结果：${result}，服务器声明支持递归）。为陌生人提供递归的解析器` +
            `会被利用伪造源地址的查询放大流量攻击，还会泄露用户的查询内容，也更容易遭到缓存投毒。请只为自己的客户端` +
            `提供递归（BIND：allow-recursion { localnets; };；Unbound：access-control；dnsmasq：只监听内网接口或使用 ` +
            `local-service），权威服务器则应关闭递归（recursion no;）。`,
        },
        action: 'restrict',
        evidence,
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
