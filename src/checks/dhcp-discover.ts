/**
 * dhcp-discover (intrusive): sends one DHCPDISCOVER (or, with dhcp.message=inform, a DHCPINFORM, which reserves
 * nothing) out of the interface named by `dhcp.interface`, to its directed broadcast, and lists every server that
 * answers with what it hands out: router, DNS servers, domain, lease, boot server. A server whose identifier is not
 * in `dhcp.expected` (comma-separated addresses) is flagged as rogue; without that list, more than one server is.
 * Offers are collected for `dhcp.wait` ms (default 5,000). Nothing is accepted: no DHCPREQUEST follows, so no
 * lease is taken.
 *
 * @output
 * 67/udp dhcp-discover: 203.0.113.53 offers 203.0.113.204, router 203.0.113.53, DNS 203.0.113.53, lease 600 s
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Check, CheckFinding } from './types.js';
import { PortwardenError } from '../core/errors.js';
import { dhcpCollect, ipv4Interface, type DhcpAnswer } from '../protocols/dhcp/client.js';

function describe(a: DhcpAnswer): string {
  const r = a.reply;
  return [
    `${r.serverId ?? a.from}${r.yiaddr !== '0.0.0.0' ? ` offers ${r.yiaddr}` : ''}`,
    r.routers.length > 0 ? `router ${r.routers.join(' ')}` : null,
    r.dnsServers.length > 0 ? `DNS ${r.dnsServers.join(' ')}` : null,
    r.domainName !== null ? `domain ${r.domainName}` : null,
    r.leaseSeconds !== null ? `lease ${r.leaseSeconds} s` : null,
    r.bootFile !== null ? `boot ${r.tftpServer ?? r.siaddr}:${r.bootFile}` : null,
  ]
    .filter((x) => x !== null)
    .join(', ');
}

/** How long offers are collected unless `dhcp.wait` (ms) says otherwise. */
export const DEFAULT_WAIT_MS = 5_000;

const clean = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);

export const check: Check = {
  id: 'dhcp-discover',
  title: { en: 'DHCP servers on the segment', zh: '本网段上的 DHCP 服务器' },
  categories: ['intrusive', 'discovery'],
  references: ['RFC 2131', 'RFC 2132', 'RFC 7513'],
  applies: { transport: 'udp', ports: [67], services: ['dhcps', 'bootps'] },
  async run(ctx) {
    if (!ctx.intrusive) return { status: 'not-applicable', reason: 'sending DHCP is intrusive: needs --intrusive' };
    const ifName = ctx.args['dhcp.interface'];
    if (ifName === undefined || ifName === '') {
      return { status: 'not-applicable', reason: 'no interface given: set dhcp.interface=<name>' };
    }
    const iface = ipv4Interface(ifName);
    if (iface === null)
      return { status: 'not-applicable', reason: `${ifName} has no IPv4 subnet with a broadcast address` };
    const messageType = ctx.args['dhcp.message'] === 'inform' ? 'inform' : 'discover';
    const expected = (ctx.args['dhcp.expected'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    // Servers probe an address with ICMP echo before offering it (RFC 2131 §4.4.1), dnsmasq for about 3 s.
    const wait = Number(ctx.args['dhcp.wait'] ?? DEFAULT_WAIT_MS);
    const windowMs = Math.min(Math.max(Number.isFinite(wait) ? wait : DEFAULT_WAIT_MS, ctx.timeoutMs), 60_000);
    let answers: DhcpAnswer[];
    try {
      answers = await dhcpCollect({
        iface,
        destination: iface.broadcast,
        messageType,
        xid: randomInt(1, 0xffffffff),
        // A locally administered, unicast MAC: never a real card's.
        chaddr: Uint8Array.from([0x02, ...randomBytes(5)]),
        windowMs,
        signal: ctx.signal,
      });
    } catch (err) {
      if (err instanceof PortwardenError && err.code === 'USAGE')
        return { status: 'not-applicable', reason: err.message };
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const servers = answers.map((a) => a.reply.serverId ?? a.from);
    const evidence = {
      interface: iface.name,
      destination: iface.broadcast,
      message: messageType,
      servers: servers.join(','),
      answers: answers.length,
      expected: expected.join(','),
      replies: answers.map((a) => clean(describe(a))).join(' | '),
    };
    const findings: CheckFinding[] = [];
    for (const a of answers) {
      const id = a.reply.serverId ?? a.from;
      const rogue = expected.length > 0 ? !expected.includes(id) : answers.length > 1;
      if (!rogue) continue;
      const said = clean(describe(a));
      findings.push({
        key: id,
        severity: 'high',
        title: {
          en: `${expected.length > 0 ? 'Unexpected' : 'One of several'} DHCP server on ${iface.name}: ${id}`,
          zh: `${iface.name} 上${expected.length > 0 ? '存在非预期的' : '有多台'} DHCP 服务器：${id}`,
        },
        detail: {
          en:
            `${id} answered the ${messageType.toUpperCase()} (${said})` +
            (expected.length > 0
              ? `, but only ${expected.join(', ')} should serve this segment. `
              : `, and so did ${answers.length - 1} other server(s). `) +
            `A rogue DHCP server hands clients its own gateway and DNS servers and so sits in the middle of their ` +
            `traffic. Find the port it is on (its MAC is in the switch's address table), shut it down, and enable ` +
            `DHCP snooping on the switches so only trusted ports may answer.`,
          zh:
            `${id} 应答了 ${messageType.toUpperCase()}（${said}）` +
            (expected.length > 0
              ? `，但本网段只应由 ${expected.join('、')} 提供服务。`
              : `，另外还有 ${answers.length - 1} 台服务器也作了应答。`) +
            `非法 DHCP 服务器会向客户端下发自己的网关和 DNS 服务器，从而成为流量的中间人。请通过交换机地址表找到它所在的端口，` +
            `关闭该服务器，并在交换机上启用 DHCP Snooping，只允许受信端口应答。`,
        },
        action: 'close',
        evidence: {
          server: id,
          from: a.from,
          routers: a.reply.routers.join(' '),
          dns: a.reply.dnsServers.join(' '),
          domain: a.reply.domainName === null ? null : clean(a.reply.domainName),
          lease: a.reply.leaseSeconds,
          bootFile: a.reply.bootFile === null ? null : clean(a.reply.bootFile),
        },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
