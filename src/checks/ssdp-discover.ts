/**
 * ssdp-discover: sends one unicast M-SEARCH (ST: ssdp:all) to the host's UDP 1900 and collects every reply: the
 * SERVER, LOCATION, USN and ST of each device and service, and the bytes sent back for the bytes asked. A device
 * that answers a scanner on another network is reachable from outside its LAN: a reflector (~30x, CISA TA14-017A)
 * and the way attackers find UPnP control and event URLs (CERT VU#357851; CallStranger, CVE-2020-12695).
 *
 * @output
 * 1900/udp ssdp-discover: 6 replies (1,980 bytes for 139, 14.2x); SERVER Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0;
 *   LOCATION http://203.0.113.219:8200/rootDesc.xml
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { linkTo, refused } from '../protocols/net/link.js';
import { ssdpSearch } from '../protocols/ssdp/client.js';
import { serverProduct } from '../protocols/ssdp/codec.js';

const uniq = (values: readonly (string | null)[]): string[] =>
  [...new Set(values.filter((v): v is string => v !== null && v !== ''))].slice(0, 16);

export const check: Check = {
  id: 'ssdp-discover',
  title: { en: 'SSDP (UPnP) discovery', zh: 'SSDP（UPnP）发现' },
  categories: ['safe', 'discovery'],
  references: [
    'UPnP Device Architecture 2.0 §1.3',
    'VU#357851',
    'CVE-2020-12695',
    'VU#339275',
    'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks',
  ],
  applies: { transport: 'udp', ports: [1900], services: ['ssdp', 'upnp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let search: Awaited<ReturnType<typeof ssdpSearch>>;
    try {
      search = await ssdpSearch({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      // ICMP port unreachable: nothing listens on the host's own address (a responder bound to the multicast group
      // only, or none at all).
      if (refused(err)) return { status: 'not-applicable', reason: 'the port is closed (ICMP port unreachable)' };
      return { status: 'error', error: err.message };
    }
    if (search === null) return { status: 'not-applicable', reason: 'no answer to a unicast M-SEARCH' };
    const link = await linkTo(host);
    const servers = uniq(search.replies.map((r) => r.server));
    const locations = uniq(search.replies.map((r) => r.location));
    const ratio = Math.round((search.replyBytes / search.requestBytes) * 10) / 10;
    const evidence = {
      replies: search.datagrams,
      servers: servers.join(' | '),
      locations: locations.join(' '),
      usns: uniq(search.replies.map((r) => r.usn)).join(' '),
      searchTargets: uniq(search.replies.map((r) => r.st)).join(' '),
      requestBytes: search.requestBytes,
      replyBytes: search.replyBytes,
      amplification: ratio,
      scannerAddress: link.local,
      scannerPrefix: link.prefix,
      onLink: link.onLink,
    };
    const what = servers[0] ?? 'a UPnP device';
    const findings: CheckFinding[] = [];
    if (link.onLink === false) {
      findings.push({
        key: 'off-link',
        severity: 'high',
        title: {
          en: `SSDP answers M-SEARCH from another network (${what}, ${String(search.datagrams)} replies, ${String(ratio)}x)`,
          zh: `SSDP 应答来自其他网络的 M-SEARCH（${what}，${String(search.datagrams)} 个应答，放大 ${String(ratio)} 倍）`,
        },
        detail: {
          en: `A ${String(search.requestBytes)}-byte search from ${link.local}, outside the device's link, drew ${String(search.datagrams)} datagrams of ${String(search.replyBytes)} bytes. Spoofed searches make this a DDoS reflector, and the LOCATION it hands out leads to UPnP control and event URLs (port mapping on gateways, CallStranger callbacks). SSDP belongs on the LAN only: block UDP 1900 and the UPnP HTTP port at the edge, make the UPnP stack listen on the LAN interface only, or turn UPnP off.`,
          zh: `来自设备链路之外（${link.local}）的一个 ${String(search.requestBytes)} 字节搜索请求，换来了 ${String(search.datagrams)} 个、共 ${String(search.replyBytes)} 字节的应答。伪造源地址的搜索会让它成为 DDoS 反射器，而它给出的 LOCATION 会把攻击者引向 UPnP 控制和事件 URL（网关上的端口映射、CallStranger 回调）。SSDP 只应在局域网内使用：请在网络边界封锁 UDP 1900 及 UPnP 的 HTTP 端口，让 UPnP 协议栈只监听内网网卡，或直接关闭 UPnP。`,
        },
        action: 'restrict',
        evidence: { ...evidence },
      });
    } else {
      findings.push({
        key: 'unicast',
        severity: 'low',
        title: {
          en: `SSDP answers unicast M-SEARCH: ${what} (${String(search.datagrams)} replies, ${String(ratio)}x)`,
          zh: `SSDP 应答单播 M-SEARCH：${what}（${String(search.datagrams)} 个应答，放大 ${String(ratio)} 倍）`,
        },
        detail: {
          en: `A ${String(search.requestBytes)}-byte M-SEARCH sent straight to the host drew ${String(search.datagrams)} datagrams of ${String(search.replyBytes)} bytes naming its UPnP stack (${servers.join('; ') || 'no SERVER header'}) and description URL (${locations.join(', ') || 'none'}). On a LAN that is ordinary discovery, but a server rarely needs it, and the same answer sent beyond the LAN makes a reflector${link.onLink === null ? ' (the scanner could not tell whether it is on the same link)' : ''}. Disable UPnP/DLNA services the host does not need (ss -ulpn | grep 1900 finds them), and keep UDP 1900 blocked between network segments and at the edge.`,
          zh: `一个直接发往该主机的 ${String(search.requestBytes)} 字节 M-SEARCH 换来了 ${String(search.datagrams)} 个、共 ${String(search.replyBytes)} 字节的应答，其中给出了其 UPnP 协议栈（${servers.join('；') || '无 SERVER 头'}）和描述文件地址（${locations.join('、') || '无'}）。在局域网内这属于正常的发现流量，但服务器很少需要它，而同样的应答一旦发往局域网之外，就会成为反射源${link.onLink === null ? '（扫描器无法判断自己是否与目标处于同一链路）' : ''}。请停用主机不需要的 UPnP/DLNA 服务（可用 ss -ulpn | grep 1900 找到），并在网段之间和网络边界封锁 UDP 1900。`,
        },
        action: 'restrict',
        evidence: { ...evidence },
      });
    }
    const product = servers[0] === undefined ? null : serverProduct(servers[0]);
    return {
      status: 'ok',
      evidence,
      findings,
      service: {
        service: 'ssdp',
        ...(product !== null && { product: product.product }),
        ...(product?.version != null && { version: product.version }),
      },
    };
  },
};
