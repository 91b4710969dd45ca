/**
 * upnp-description: runs on the SSDP port (UDP 1900), because only the M-SEARCH answer tells where the description
 * is: it searches (ST: ssdp:all), then fetches each LOCATION over HTTP, but only when LOCATION names the scanned
 * host itself; a LOCATION naming another host is reported, never fetched. From the XML it reads friendlyName,
 * manufacturer, model, serial number, UDN and every service with its control URL. A port-mapping service
 * (WANIPConnection, WANPPPConnection, WANIPv6FirewallControl) lets anyone who reaches it open the gateway's
 * firewall without a password.
 *
 * @output
 * 1900/udp upnp-description: http://203.0.113.219:8200/rootDesc.xml: portwarden lab media, Justin Maggard
 *   Windows Media Connect compatible (MiniDLNA) 1.3.0, serial PW-LAB-0219; services ContentDirectory:1 (/ctl/ContentDir), …
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { refused } from '../protocols/net/link.js';
import { httpRequest } from '../protocols/http/client.js';
import { ssdpSearch } from '../protocols/ssdp/client.js';
import {
  isPortMappingService,
  parseDescription,
  parseLocation,
  sameHost,
  type UpnpDescription,
} from '../protocols/ssdp/codec.js';

/** Descriptions fetched at most per port. */
const MAX_FETCH = 4;

const short = (serviceType: string): string => serviceType.replace(/^urn:[^:]+:service:/, '');

export const check: Check = {
  id: 'upnp-description',
  title: { en: 'UPnP device description', zh: 'UPnP 设备描述' },
  categories: ['safe', 'discovery'],
  references: [
    'UPnP Device Architecture 2.0 §2',
    'UPnP IGD WANIPConnection:2',
    'VU#357851',
    'CVE-2020-12695',
    'https://blog.rapid7.com/2013/01/29/security-flaws-in-universal-plug-and-play-unplug-dont-play/',
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
    const urls = [...new Set(search.replies.map((r) => r.location).filter((l): l is string => l !== null))];
    const own: string[] = [];
    const elsewhere: string[] = [];
    const invalid: string[] = [];
    for (const url of urls) {
      const loc = parseLocation(url);
      if (loc === null) invalid.push(url);
      else if (sameHost(loc.host, host)) own.push(url);
      else elsewhere.push(url);
    }
    const fetched: { url: string; description: UpnpDescription }[] = [];
    const failures: string[] = [];
    for (const url of own.slice(0, MAX_FETCH)) {
      const loc = parseLocation(url);
      if (loc === null) continue;
      try {
        const response = await httpRequest(
          { host, port: loc.port, tls: false, timeoutMs: ctx.timeoutMs, signal: ctx.signal, maxBytes: 256 * 1024 },
          'GET',
          loc.path,
        );
        const description = response.status === 200 ? parseDescription(response.body) : null;
        if (description === null) failures.push(`${url}: HTTP ${String(response.status)}, no device description`);
        else fetched.push({ url, description });
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        failures.push(`${url}: ${err.message}`);
      }
    }
    const evidence: Record<string, string | number | boolean | null> = {
      locations: urls.join(' '),
      otherHostLocations: elsewhere.join(' '),
      invalidLocations: invalid.join(' '),
      fetchErrors: failures.join('; '),
    };
    fetched.forEach(({ url, description: d }, i) => {
      const p = fetched.length === 1 ? '' : `${String(i + 1)}.`;
      evidence[`${p}url`] = url;
      evidence[`${p}deviceType`] = d.deviceType;
      evidence[`${p}friendlyName`] = d.friendlyName;
      evidence[`${p}manufacturer`] = d.manufacturer;
      evidence[`${p}modelName`] = d.modelName;
      evidence[`${p}modelNumber`] = d.modelNumber;
      evidence[`${p}serialNumber`] = d.serialNumber;
      evidence[`${p}udn`] = d.udn;
      evidence[`${p}embeddedDevices`] = d.embeddedDevices.join(' ');
      evidence[`${p}services`] = d.services
        .map((s) => `${short(s.serviceType)} (${s.controlURL ?? 'no controlURL'})`)
        .join('; ');
    });
    if (fetched.length === 0 && own.length === 0) {
      // Only other hosts' descriptions (or none): nothing of this host to read, but what it points at is evidence.
      return { status: 'ok', evidence, findings: [] };
    }
    if (fetched.length === 0) return { status: 'error', error: `no description could be read: ${failures.join('; ')}` };
    const findings: CheckFinding[] = [];
    for (const { url, description: d } of fetched) {
      const mapping = d.services.filter((s) => isPortMappingService(s.serviceType));
      if (mapping.length === 0) continue;
      const list = mapping.map((s) => `${short(s.serviceType)} at ${s.controlURL ?? '?'}`).join(', ');
      findings.push({
        key: `igd:${url}`,
        severity: 'high',
        title: {
          en: `UPnP port-mapping control exposed (${mapping.map((s) => short(s.serviceType)).join(', ')})`,
          zh: `UPnP 端口映射控制接口暴露（${mapping.map((s) => short(s.serviceType)).join('、')}）`,
        },
        detail: {
          en: `The description at ${url} (${d.friendlyName ?? d.modelName ?? 'unnamed device'}) offers ${list}. Anyone who reaches this control URL can add port forwardings through the gateway without a password (AddPortMapping), which attackers have used to expose internal hosts and to turn routers into proxies. Turn UPnP IGD off unless an application needs it; otherwise make it listen on the LAN interface only and block its HTTP port and UDP 1900 from the WAN.`,
          zh: `${url} 处的描述文件（${d.friendlyName ?? d.modelName ?? '未命名设备'}）提供了 ${list}。任何能访问该控制 URL 的人都可以无需口令地通过网关添加端口转发（AddPortMapping），攻击者曾借此暴露内网主机，或把路由器变成代理跳板。若没有应用需要，请关闭 UPnP IGD；否则让它只监听内网网卡，并在外网侧封锁其 HTTP 端口和 UDP 1900。`,
        },
        action: 'close',
        evidence: { url, friendlyName: d.friendlyName, modelName: d.modelName, services: list },
      });
    }
    const first = fetched[0];
    if (first !== undefined) {
      const d = first.description;
      const named = [d.manufacturer, d.modelName, d.modelNumber].filter((v) => v !== null).join(' ');
      findings.push({
        key: 'description',
        severity: 'low',
        title: {
          en: `UPnP description readable by anyone: ${d.friendlyName ?? named}${d.serialNumber === null ? '' : `, serial ${d.serialNumber}`}`,
          zh: `任何人都能读取 UPnP 设备描述：${d.friendlyName ?? named}${d.serialNumber === null ? '' : `，序列号 ${d.serialNumber}`}`,
        },
        detail: {
          en: `${first.url} names the device (${named || 'no model'}), its serial number and UDN, and ${String(d.services.length)} service(s) with their control and event URLs. This inventory is where attacks on UPnP start: SOAP actions on the control URLs and SUBSCRIBE callbacks to arbitrary hosts (CallStranger, CVE-2020-12695) on stacks that predate the 2020 specification fix. Keep UPnP to the LAN, update the device, and disable the UPnP service where nothing uses it.`,
          zh: `${first.url} 给出了设备型号（${named || '无型号'}）、序列号、UDN，以及 ${String(d.services.length)} 个服务及其控制和事件 URL。针对 UPnP 的攻击正是从这份清单开始的：对控制 URL 调用 SOAP 操作，或在 2020 年规范修订之前的协议栈上，用 SUBSCRIBE 回调把流量引向任意主机（CallStranger，CVE-2020-12695）。请把 UPnP 限制在局域网内，及时更新设备，不用的 UPnP 服务应直接停用。`,
        },
        action: 'restrict',
        evidence: {
          url: first.url,
          friendlyName: d.friendlyName,
          manufacturer: d.manufacturer,
          modelName: d.modelName,
          modelNumber: d.modelNumber,
          serialNumber: d.serialNumber,
          udn: d.udn,
        },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
