/**
 * snmp-v3-engine: sends the SNMPv3 discovery request (RFC 3414 §4), which needs no credentials, and reads the
 * agent's snmpEngineID, boot count and engine time from the Report. The engine ID names the vendor (its enterprise
 * number) and, in its MAC or IP formats, a hardware or internal address: that disclosure is a finding.
 *
 * @output
 * 161/udp snmp-v3-engine: SNMPv3 engine 80001f8803020000000a3d (Net-SNMP, MAC 02:00:00:00:0a:3d), boots 1, up 2 h
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { describeEngineId } from '../protocols/snmp/codec.js';
import { snmpDiscoverEngine } from '../protocols/snmp/client.js';
import { vendorFromObjectId } from './snmp-community.js';

const FORMATS: Readonly<Record<number, string>> = { 1: 'IPv4', 2: 'IPv6', 3: 'MAC', 4: 'text', 5: 'octets' };

export const check: Check = {
  id: 'snmp-v3-engine',
  title: { en: 'SNMPv3 engine discovery', zh: 'SNMPv3 引擎发现' },
  categories: ['safe', 'discovery'],
  references: ['RFC 3414', 'RFC 3411', 'https://www.iana.org/assignments/enterprise-numbers/'],
  applies: { transport: 'udp', ports: [161], services: ['snmp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let report;
    try {
      report = await snmpDiscoverEngine({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no SNMP agent: ${err.message}` };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (report === null) return { status: 'ok', evidence: { v3: false }, findings: [] };
    const info = describeEngineId(report.engineId);
    const vendor = info.enterprise === null ? null : vendorFromObjectId(`1.3.6.1.4.1.${info.enterprise}`);
    const format = info.format === null ? null : (FORMATS[info.format] ?? `vendor-specific (${info.format})`);
    const evidence = {
      v3: true,
      engineId: report.engineId,
      enterprise: info.enterprise,
      vendor,
      format,
      embedded: info.detail,
      engineBoots: report.engineBoots,
      engineTimeSeconds: report.engineTime,
      report: report.reportOid,
    };
    const findings: CheckFinding[] = [];
    if ((info.format === 1 || info.format === 2 || info.format === 3) && info.detail !== null) {
      const what = info.format === 3 ? 'MAC address' : `${format ?? ''} address`;
      const whatZh = info.format === 3 ? 'MAC 地址' : `${format ?? ''} 地址`;
      findings.push({
        key: '',
        severity: 'low',
        title: {
          en: `SNMPv3 engine ID reveals a ${what}: ${info.detail}`,
          zh: `SNMPv3 引擎 ID 泄露了${whatZh}：${info.detail}`,
        },
        detail: {
          en:
            `Anyone can run the credential-free SNMPv3 discovery and read the engine ID ${report.engineId}, which ` +
            `embeds the ${what} ${info.detail}${vendor === null ? '' : ` and names the vendor (${vendor})`}. It helps ` +
            `an attacker fingerprint and map the device, and the boot counter and engine time (${report.engineBoots} ` +
            `boots, up ${report.engineTime} s) tell when it was last patched. Use a random or text engine ID (Net-SNMP: ` +
            `drop engineIDType 1-3, or set engineID) and answer SNMP only to the monitoring hosts.`,
          zh:
            `任何人都能执行无需凭据的 SNMPv3 发现并读到引擎 ID ${report.engineId}，其中包含${whatZh} ${info.detail}` +
            `${vendor === null ? '' : `，并指明了厂商（${vendor}）`}。这有助于攻击者识别和定位设备，启动次数与引擎时间` +
            `（${report.engineBoots} 次启动，已运行 ${report.engineTime} 秒）还暴露了设备上次重启（往往即上次打补丁）的时间。` +
            `请使用随机或文本形式的引擎 ID（Net-SNMP：去掉 engineIDType 1–3 或直接设置 engineID），并只让监控主机访问 SNMP。`,
        },
        action: 'harden',
        evidence,
      });
    }
    return {
      status: 'ok',
      evidence,
      findings,
      service: { service: 'snmp', ...(vendor === 'Net-SNMP' && { product: 'Net-SNMP' }), extraInfo: 'SNMPv3' },
    };
  },
};
