/**
 * mdns-discover: asks the host's UDP 5353 directly (unicast, from the scanner's own port, QU bit set) for the DNS-SD
 * service types (_services._dns-sd._udp.local PTR), then each type's instances, their SRV targets and addresses, and
 * the reverse name of the host's address. Whatever answers is what the responder tells anyone who asks: host names,
 * services and ports. RFC 6762 §5.5 says a responder should ignore unicast queries from off-link sources; one that
 * answers a scanner on another network leaks all this beyond the link and reflects traffic (CERT VU#550620).
 *
 * @output
 * 5353/udp mdns-discover: 3 service types (_workstation._tcp, _ssh._tcp, _http._tcp), host pwlab-mdns.local
 *   (203.0.113.217, 2001:db8:203::217); instances: portwarden lab web (_http._tcp) → pwlab-mdns.local:80, …
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { mdnsDiscover } from '../protocols/mdns/client.js';
import { displayName, instanceLabel } from '../protocols/mdns/codec.js';
import { linkTo, refused } from '../protocols/net/link.js';

export const check: Check = {
  id: 'mdns-discover',
  title: { en: 'mDNS / DNS-SD service discovery', zh: 'mDNS / DNS-SD 服务发现' },
  categories: ['safe', 'discovery'],
  references: ['RFC 6762 §5.5, §6.7', 'RFC 6763 §9', 'VU#550620', 'CVE-2017-6519', 'CISA TA14-017A'],
  applies: { transport: 'udp', ports: [5353], services: ['mdns'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let found: Awaited<ReturnType<typeof mdnsDiscover>>;
    try {
      found = await mdnsDiscover({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      // ICMP port unreachable: nothing listens on the host's own address (a responder bound to the multicast group
      // only, or none at all).
      if (refused(err)) return { status: 'not-applicable', reason: 'the port is closed (ICMP port unreachable)' };
      return { status: 'error', error: err.message };
    }
    if (found === null) return { status: 'not-applicable', reason: 'no mDNS answer to unicast DNS-SD queries' };
    const link = await linkTo(host);
    const types = found.serviceTypes.map(displayName);
    const instances = found.instances.map(
      (i) =>
        `${instanceLabel(i.name, i.serviceType)} (${displayName(i.serviceType).replace(/\.local$/, '')})` +
        (i.target === null ? '' : ` → ${displayName(i.target)}:${String(i.port)}`),
    );
    const hosts = found.hostNames.map(displayName);
    const addresses = [...new Set(Object.values(found.addresses).flat())];
    const ratio =
      found.metaRequestBytes === 0 ? null : Math.round((found.metaReplyBytes / found.metaRequestBytes) * 10) / 10;
    const evidence = {
      serviceTypes: types.join(', '),
      instances: instances.join('; '),
      hostNames: hosts.join(', '),
      addresses: addresses.join(', '),
      queries: found.queries,
      requestBytes: found.metaRequestBytes,
      replyBytes: found.metaReplyBytes,
      amplification: ratio,
      scannerAddress: link.local,
      scannerPrefix: link.prefix,
      onLink: link.onLink,
    };
    const findings: CheckFinding[] = [];
    const told = [
      types.length > 0 ? `${String(types.length)} service type(s)` : null,
      instances.length > 0 ? `${String(instances.length)} instance(s)` : null,
      hosts.length > 0 ? `host ${hosts.join(', ')}` : null,
    ].filter((t): t is string => t !== null);
    const toldZh = [
      types.length > 0 ? `${String(types.length)} 种服务类型` : null,
      instances.length > 0 ? `${String(instances.length)} 个服务实例` : null,
      hosts.length > 0 ? `主机名 ${hosts.join('、')}` : null,
    ].filter((t): t is string => t !== null);
    if (told.length > 0 && link.onLink === false) {
      findings.push({
        key: 'off-link',
        severity: 'medium',
        title: {
          en: `mDNS answers unicast queries from another network (${told.join(', ')})`,
          zh: `mDNS 应答来自其他网络的单播查询（${toldZh.join('，')}）`,
        },
        detail: {
          en: `The responder answered a scanner at ${link.local} (${link.prefix ?? 'prefix unknown'}), which is not on its link. RFC 6762 §5.5 says such queries should be ignored: answering them gives host names and services to remote attackers, and one spoofed ${String(found.metaRequestBytes)}-byte query drew ${String(found.metaReplyBytes)} bytes. Block UDP 5353 at routers and firewalls, update the responder (Avahi 0.8 and later drop off-link unicast queries), or turn it off where discovery is not needed.`,
          zh: `应答方回应了位于 ${link.local}（${link.prefix ?? '前缀未知'}）的扫描器，而该地址并不在其本地链路上。RFC 6762 §5.5 要求忽略此类查询：应答它们会把主机名和服务信息交给远程攻击者，而且一个 ${String(found.metaRequestBytes)} 字节的伪造查询就换来 ${String(found.metaReplyBytes)} 字节的应答。请在路由器和防火墙上封锁 UDP 5353，升级应答程序（Avahi 0.8 起会丢弃链路外的单播查询），不需要服务发现的主机应直接关闭它。`,
        },
        action: 'restrict',
        evidence: { ...evidence },
      });
    } else if (told.length > 0) {
      findings.push({
        key: 'disclosure',
        severity: 'low',
        title: {
          en: `mDNS tells anyone who asks: ${told.join(', ')}`,
          zh: `mDNS 向任何询问者透露：${toldZh.join('，')}`,
        },
        detail: {
          en: `A unicast DNS-SD query to UDP 5353 listed ${types.join(', ') || 'no service types'}${hosts.length > 0 ? ` and named the host ${hosts.join(', ')}` : ''}. That is normal on a home or office link, but on a server it maps the machine for anyone nearby${link.onLink === null ? ', and the scanner could not tell whether it sits on the same link (if not, this is an off-link responder: see CERT VU#550620)' : ''}. Where discovery is not needed, stop the responder (systemctl disable --now avahi-daemon.socket avahi-daemon.service); otherwise limit it to the LAN interface (allow-interfaces=), set publish-hinfo=no and publish-workstation=no, and block UDP 5353 between network segments.`,
          zh: `一个发往 UDP 5353 的单播 DNS-SD 查询列出了 ${types.join('、') || '（无服务类型）'}${hosts.length > 0 ? `，并给出了主机名 ${hosts.join('、')}` : ''}。这在家庭或办公网络中属于正常现象，但在服务器上，它让附近的任何人都能摸清这台机器${link.onLink === null ? '；扫描器也无法判断自己是否与目标处于同一链路（若不是，则属于响应链路外查询的情况，见 CERT VU#550620）' : ''}。不需要服务发现时请停用应答程序（systemctl disable --now avahi-daemon.socket avahi-daemon.service）；确需保留时用 allow-interfaces= 将其限定在内网网卡，设置 publish-hinfo=no 和 publish-workstation=no，并在网段之间封锁 UDP 5353。`,
        },
        action: 'restrict',
        evidence: { ...evidence },
      });
    }
    return { status: 'ok', evidence, findings, service: { service: 'mdns' } };
  },
};
