/**
 * dns-version: asks the server the CHAOS-class TXT names that tell what it is — version.bind and version.server
 * (the software), hostname.bind and id.server (which server of a pool answered, RFC 4892). The names are reported
 * as evidence; a version string that names the software and its release is a finding, because it lets an
 * attacker pick exploits for that exact release.
 *
 * @output
 * 53/udp dns-version: version.bind "9.18.28-1~deb12u2-Debian" (ISC BIND 9.18.28-1~deb12u2-Debian); hostname.bind "ns1"
 */
import type { Check, CheckFinding, Evidence } from './types.js';
import { NetworkError } from '../core/errors.js';
import { DNS_CLASS_CH, DNS_TYPE, dnsSoftware, rcodeName, type DnsMessage } from '../protocols/dns/codec.js';
import { dnsQuery } from '../protocols/dns/client.js';

/** The CHAOS names asked, in order. */
export const CHAOS_NAMES = ['version.bind', 'version.server', 'hostname.bind', 'id.server'] as const;

/** The first TXT text of an answer, or the response code when there is none. */
function answerText(m: DnsMessage | null): { text: string | null; status: string } {
  if (m === null) return { text: null, status: 'no answer' };
  const txt = m.answers.find((a) => a.type === DNS_TYPE.TXT);
  if (m.rcode === 0 && txt !== undefined) return { text: txt.data, status: 'answered' };
  return { text: null, status: m.rcode === 0 ? 'empty' : rcodeName(m.rcode) };
}

/** Printable and short, for evidence and titles. */
const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);

export const check: Check = {
  id: 'dns-version',
  title: { en: 'DNS server version and identity (CHAOS TXT)', zh: 'DNS 服务器版本与身份（CHAOS TXT）' },
  categories: ['safe', 'discovery'],
  references: [
    'RFC 1035',
    'RFC 4892',
    'https://bind9.readthedocs.io/en/latest/reference.html#namedconf-statement-version',
  ],
  applies: { transport: 'udp', ports: [53], services: ['domain'] },
  async run(ctx) {
    const { host, port, transport } = ctx.target;
    const endpoint = { host, port, transport, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const settled = await Promise.allSettled(
      CHAOS_NAMES.map((name) => dnsQuery(endpoint, { name, type: DNS_TYPE.TXT, qclass: DNS_CLASS_CH })),
    );
    const failures = settled.filter((s) => s.status === 'rejected');
    if (failures.length === settled.length) {
      const reason: unknown = failures[0]?.reason;
      if (reason instanceof NetworkError && reason.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no DNS server: ${reason.message}` };
      }
      return { status: 'error', error: reason instanceof Error ? reason.message : String(reason) };
    }
    const answers = settled.map((s) => answerText(s.status === 'fulfilled' ? s.value : null));
    if (answers.every((a) => a.status === 'no answer')) {
      return { status: 'not-applicable', reason: 'nothing answered DNS queries on this port' };
    }
    const evidence: Record<string, string | null> = {};
    CHAOS_NAMES.forEach((name, i) => {
      const a = answers[i];
      evidence[name] = a?.text === null || a === undefined ? null : printable(a.text);
      evidence[`${name}.status`] = a?.status ?? 'no answer';
    });
    const versionText = evidence['version.bind'] ?? evidence['version.server'] ?? null;
    const software = versionText === null ? null : dnsSoftware(versionText);
    const findings: CheckFinding[] = [];
    // A text with a release number (not a decoy like "none" or "go away") is a disclosure worth fixing.
    if (versionText !== null && /\d+\.\d+/.test(versionText)) {
      const named = software === null ? versionText : `${software.product} ${software.version ?? ''}`.trim();
      const bind = software?.product === 'ISC BIND';
      findings.push({
        key: '',
        severity: 'low',
        title: { en: `DNS server discloses its version: ${named}`, zh: `DNS 服务器泄露了版本号：${named}` },
        detail: {
          en:
            `Anyone can ask version.bind (class CHAOS) and gets "${versionText}". Knowing the exact release lets an ` +
            `attacker pick exploits for it without probing further. ` +
            (bind
              ? 'In named.conf options, set version none; (and hostname none; server-id none;).'
              : 'Hide it in the server configuration (Unbound: hide-version: yes; dnsmasq has no option, so filter ' +
                'CHAOS queries or keep it off untrusted networks) and keep the software patched.'),
          zh:
            `任何人都能查询 version.bind（CHAOS 类）并得到“${versionText}”。知道确切版本后，攻击者无需进一步探测即可挑选` +
            `相应的漏洞利用。` +
            (bind
              ? '请在 named.conf 的 options 中设置 version none;（以及 hostname none; 和 server-id none;）。'
              : '请在服务器配置中隐藏版本（Unbound：hide-version: yes；dnsmasq 没有此选项，可过滤 CHAOS 查询或不让它' +
                '暴露在不可信网络上），并及时打补丁。'),
        },
        action: 'harden',
        evidence: { version: versionText, product: software?.product ?? null },
      });
    }
    const facts: Evidence = { ...evidence, product: software?.product ?? null, version: software?.version ?? null };
    return {
      status: 'ok',
      evidence: facts,
      findings,
      service: {
        service: 'domain',
        ...(software !== null && { product: software.product }),
        ...(software?.version != null && { version: software.version }),
      },
    };
  },
};
