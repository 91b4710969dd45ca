/**
 * msrpc-epmap: binds to the DCE/RPC endpoint mapper (e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0, C706 appendix O)
 * on TCP 135 without authentication and pages through ept_lookup, like `rpcdump.py` or nmap's msrpc-enum: every
 * registered interface with its TCP port, named pipe or local endpoint, with well-known interfaces named.
 *
 * @output
 * 135/tcp msrpc-epmap: 38 endpoints; TCP 135, 49152-49154; lsarpc, samr, srvsvc, winreg, … (Samba samba-dcerpcd)
 */
import { NetworkError } from '../core/errors.js';
import { KNOWN_INTERFACES, type Endpoint } from '../protocols/dcerpc/codec.js';
import { lookupEndpoints } from '../protocols/dcerpc/client.js';
import type { Check, Evidence, ServiceInfo } from './types.js';

const nameOf = (e: Endpoint): string =>
  (e.interfaceId !== null ? KNOWN_INTERFACES[e.interfaceId]?.split(' ')[0] : undefined) ??
  (e.annotation || e.interfaceId || '?');

/** Samba's samba-dcerpcd registers its workers' ncalrpc endpoints as rpcd_*; Windows never does. */
function isSamba(entries: readonly Endpoint[]): boolean {
  return entries.some((e) => e.protocol === 'ncalrpc' && e.endpoint?.startsWith('rpcd_') === true);
}

export const check: Check = {
  id: 'msrpc-epmap',
  title: { en: 'MSRPC endpoint mapper listing', zh: 'MSRPC 端点映射器枚举' },
  categories: ['safe', 'discovery'],
  references: ['C706', 'MS-RPCE', 'MS03-026', 'CVE-2003-0352'],
  applies: { transport: 'tcp', ports: [135], services: ['msrpc', 'epmap'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      const r = await lookupEndpoints({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
      if (r.entries === null) {
        const why = r.bind.kind === 'nak' ? `bind_nak reason ${r.bind.reason}` : `result ${r.bind.result}`;
        return { status: 'ok', evidence: { bound: false, refusal: why }, findings: [] };
      }
      const entries = r.entries;
      const interfaces = [...new Set(entries.map(nameOf))];
      const tcpPorts = [...new Set(entries.filter((e) => e.protocol === 'ncacn_ip_tcp').map((e) => Number(e.endpoint)))]
        .filter((p) => Number.isInteger(p))
        .sort((a, b) => a - b);
      const pipes = [...new Set(entries.filter((e) => e.protocol === 'ncacn_np').map((e) => e.endpoint ?? ''))];
      const samba = isSamba(entries);
      const evidence: Evidence = {
        bound: true,
        endpoints: entries.length,
        interfaces: interfaces.join(', '),
        tcpPorts: tcpPorts.join(', '),
        pipes: pipes.join(', '),
        fault: r.fault === null ? null : `0x${r.fault.toString(16)}`,
        product: samba ? 'Samba' : 'Microsoft Windows RPC',
      };
      const info: Partial<ServiceInfo> = samba
        ? { service: 'msrpc', product: 'Samba samba-dcerpcd', cpe: ['cpe:/a:samba:samba'] }
        : { service: 'msrpc', product: 'Microsoft Windows RPC', cpe: ['cpe:/o:microsoft:windows'] };
      if (entries.length === 0) return { status: 'ok', evidence, service: info, findings: [] };
      const shown = interfaces.slice(0, 15).join(', ') + (interfaces.length > 15 ? ', …' : '');
      return {
        status: 'ok',
        evidence,
        service: info,
        findings: [
          {
            key: '',
            severity: 'medium',
            title: {
              en: 'The RPC endpoint mapper lists its services to anyone',
              zh: 'RPC 端点映射器向任何人列出其服务',
            },
            detail: {
              en: `Without authentication the endpoint mapper returned ${entries.length} endpoints (${shown})${tcpPorts.length > 0 ? ` on TCP ports ${tcpPorts.join(', ')}` : ''}. That maps the host's RPC attack surface (directory, registry, service control, printing) and names the product. Port 135 has carried wormable flaws (MS03-026, Blaster). Allow TCP 135 and the dynamic RPC ports only from the management and client networks that need them, and never from the internet.`,
              zh: `端点映射器在未认证的情况下返回了 ${entries.length} 个端点（${shown}）${tcpPorts.length > 0 ? `，位于 TCP 端口 ${tcpPorts.join('、')}` : ''}。这相当于给出了主机的 RPC 攻击面（目录、注册表、服务控制、打印等），也暴露了产品类型。135 端口历史上出现过可被蠕虫利用的漏洞（MS03-026，冲击波）。应只允许确有需要的管理网段和客户端网段访问 TCP 135 及 RPC 动态端口，绝不对互联网开放。`,
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
