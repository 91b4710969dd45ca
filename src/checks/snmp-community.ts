/**
 * snmp-community: sends read-only GETs for the system group (sysDescr, sysObjectID, sysUpTime, sysContact, sysName,
 * sysLocation) with the communities public and private and any in `snmp.communities` (comma-separated), over
 * SNMPv2c and SNMPv1, and reports each community the agent accepts with what the device says it is.
 *
 * @output
 * 161/udp snmp-community: community "public" accepted (v2c): Linux lab-snmp 6.1.0-18-amd64 … x86_64
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { SYSTEM_OIDS, type SnmpResponse } from '../protocols/snmp/codec.js';
import { communities, snmpGet, type CommunityVersion } from '../protocols/snmp/client.js';

const OIDS = Object.values(SYSTEM_OIDS);
const DEFAULTS = new Set(['public', 'private']);

/** The system group as evidence: the names of SYSTEM_OIDS to printable values. */
export function systemGroup(response: SnmpResponse): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [name, oid] of Object.entries(SYSTEM_OIDS)) {
    const b = response.bindings.find((x) => x.oid === oid);
    const v = b?.value ?? null;
    out[name] = typeof v === 'string' ? v.replace(/[^\x20-\x7e]/g, ' ').slice(0, 300) : v;
  }
  return out;
}

/** Vendor from sysObjectID's enterprise arc (1.3.6.1.4.1.<n>.…). */
export function vendorFromObjectId(oid: string | number | null): string | null {
  const m = typeof oid === 'string' ? /^1\.3\.6\.1\.4\.1\.(\d+)(?:\.|$)/.exec(oid) : null;
  const vendors: Record<string, string> = {
    '8072': 'Net-SNMP',
    '9': 'Cisco',
    '311': 'Microsoft',
    '2636': 'Juniper',
    '11': 'HP',
    '14988': 'MikroTik',
    '2011': 'Huawei',
    '12356': 'Fortinet',
    '30065': 'Arista',
    '6876': 'VMware',
  };
  return m === null ? null : (vendors[m[1] ?? ''] ?? `enterprise ${m[1] ?? ''}`);
}

export const check: Check = {
  id: 'snmp-community',
  title: { en: 'SNMP community strings accepted', zh: 'SNMP 团体字符串可被接受' },
  categories: ['auth', 'discovery'],
  references: ['RFC 1157', 'RFC 3416', 'CVE-1999-0517', 'https://www.net-snmp.org/docs/man/snmpd.conf.html'],
  applies: { transport: 'udp', ports: [161], services: ['snmp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const endpoint = { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const list = communities(ctx.args['snmp.communities']);
    const attempts = list.flatMap((community) =>
      ([1, 0] as CommunityVersion[]).map((version) => ({ community, version })),
    );
    const settled = await Promise.allSettled(attempts.map((a) => snmpGet(endpoint, a.version, a.community, OIDS)));
    const rejected = settled.filter((s) => s.status === 'rejected');
    if (rejected.length === settled.length) {
      const reason: unknown = rejected[0]?.reason;
      if (reason instanceof NetworkError && reason.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no SNMP agent: ${reason.message}` };
      }
      return { status: 'error', error: reason instanceof Error ? reason.message : String(reason) };
    }
    const accepted = new Map<string, { version: CommunityVersion; response: SnmpResponse }>();
    attempts.forEach((a, i) => {
      const s = settled[i];
      const response = s?.status === 'fulfilled' ? s.value : null;
      // An answer with errorStatus set still proves the community (v1 agents answer noSuchName for a missing OID).
      if (response !== null && !accepted.has(a.community)) accepted.set(a.community, { version: a.version, response });
    });
    const findings: CheckFinding[] = [];
    let system: Record<string, string | number | null> = {};
    for (const [community, { version, response }] of accepted) {
      const group = systemGroup(response);
      if (Object.keys(system).length === 0) system = group;
      const v = version === 1 ? 'v2c' : 'v1';
      const isDefault = DEFAULTS.has(community);
      const descr = typeof group['sysDescr'] === 'string' ? group['sysDescr'] : '';
      findings.push({
        key: community,
        severity: isDefault ? 'high' : 'medium',
        title: {
          en: `SNMP community "${community}" is accepted (${v})`,
          zh: `SNMP 团体字符串“${community}”可被接受（${v}）`,
        },
        detail: {
          en:
            `The agent answered a GET with the ${isDefault ? 'well-known default ' : ''}community "${community}" ` +
            `over SNMP${v}${descr === '' ? '' : ` and describes itself as "${descr}"`}. Anyone who can reach the ` +
            `port can read interfaces, routes, processes and installed software, and SNMPv1/v2c sends the ` +
            `community in clear text. Remove the community (or make it long and random and limit it to the ` +
            `monitoring hosts), prefer SNMPv3 with authPriv, and filter UDP 161 at the firewall.`,
          zh:
            `代理接受了使用${isDefault ? '众所周知的默认' : ''}团体字符串“${community}”的 SNMP${v} GET 请求` +
            `${descr === '' ? '' : `，并自称“${descr}”`}。任何能访问该端口的人都能读取接口、路由、进程和已安装软件等` +
            `信息，而且 SNMPv1/v2c 以明文发送团体字符串。请删除该团体字符串（或改为足够长的随机值并只允许监控主机使用），` +
            `优先使用 authPriv 级别的 SNMPv3，并在防火墙上过滤 UDP 161。`,
        },
        action: 'restrict',
        evidence: { community, version: v, ...group },
      });
    }
    const vendor = vendorFromObjectId(system['sysObjectID'] ?? null);
    const descr = system['sysDescr'];
    return {
      status: 'ok',
      evidence: {
        tried: list.length,
        accepted: [...accepted.keys()].join(','),
        ...system,
        vendor,
      },
      findings,
      ...(accepted.size > 0 && {
        service: {
          service: 'snmp',
          ...(vendor === 'Net-SNMP' && { product: 'Net-SNMP' }),
          ...(typeof descr === 'string' && { extraInfo: descr }),
        },
      }),
    };
  },
};
