/**
 * snmp-write (intrusive): for each community that can read sysContact.0 (public, private, `snmp.communities`), sets
 * sysContact.0 back to the value it just read, with that community. A noError response proves write access
 * without changing anything; agents refuse a read-only community with an error (noAccess, notWritable, readOnly).
 *
 * @output
 * 161/udp snmp-write: community "private" can write (sysContact.0 set to its own value "ops@lab.test")
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { SYSTEM_OIDS, snmpErrorName } from '../protocols/snmp/codec.js';
import { communities, snmpGet, snmpSetString, type CommunityVersion } from '../protocols/snmp/client.js';

const DEFAULTS = new Set(['public', 'private']);

interface Trial {
  readonly community: string;
  readonly version: CommunityVersion;
  readonly read: string | null;
  readonly result: string;
  readonly writable: boolean;
}

export const check: Check = {
  id: 'snmp-write',
  title: { en: 'SNMP write access with a community string', zh: '团体字符串具有 SNMP 写权限' },
  categories: ['intrusive', 'auth'],
  references: ['RFC 3416', 'RFC 3418', 'CVE-1999-0517', 'CVE-2017-6742'],
  applies: { transport: 'udp', ports: [161], services: ['snmp'] },
  async run(ctx) {
    if (!ctx.intrusive) return { status: 'not-applicable', reason: 'an SNMP SET is intrusive: needs --intrusive' };
    const { host, port } = ctx.target;
    const endpoint = { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const trials: Trial[] = [];
    try {
      for (const community of communities(ctx.args['snmp.communities'])) {
        let version: CommunityVersion = 1;
        let got = await snmpGet(endpoint, version, community, [SYSTEM_OIDS.sysContact]);
        if (got === null) {
          version = 0;
          got = await snmpGet(endpoint, version, community, [SYSTEM_OIDS.sysContact]);
        }
        const binding = got?.bindings[0];
        if (got === null || got.errorStatus !== 0 || binding?.tag !== 0x04 || typeof binding.value !== 'string') {
          continue;
        }
        if (binding.truncated) {
          trials.push({
            community,
            version,
            read: binding.value,
            result: 'value too long to set back',
            writable: false,
          });
          continue;
        }
        const value = Buffer.from(binding.value, 'latin1');
        const set = await snmpSetString(endpoint, version, community, SYSTEM_OIDS.sysContact, value);
        trials.push({
          community,
          version,
          read: binding.value,
          result: set === null ? 'no answer' : snmpErrorName(set.errorStatus),
          writable: set?.errorStatus === 0,
        });
      }
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no SNMP agent: ${err.message}` };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const findings: CheckFinding[] = trials
      .filter((t) => t.writable)
      .map((t) => {
        const v = t.version === 1 ? 'v2c' : 'v1';
        const contact = (t.read ?? '').replace(/[^\x20-\x7e]/g, ' ');
        return {
          key: t.community,
          severity: DEFAULTS.has(t.community) ? 'critical' : 'high',
          title: {
            en: `SNMP community "${t.community}" can write (${v})`,
            zh: `SNMP 团体字符串“${t.community}”具有写权限（${v}）`,
          },
          detail: {
            en:
              `The agent accepted a SET of sysContact.0 (to its own value "${contact}", so nothing changed) with ` +
              `the community "${t.community}". Whoever knows or sniffs it can change the device's configuration: ` +
              `on routers and switches that means rerouting traffic, disabling interfaces or copying out the ` +
              `configuration. Remove write communities (Net-SNMP: rwcommunity lines), use SNMPv3 authPriv users ` +
              `for the few systems that must write, and limit UDP 161 to them.`,
            zh:
              `代理接受了用团体字符串“${t.community}”对 sysContact.0 的 SET 请求（设为其原值“${contact}”，未作任何` +
              `改动）。知道或嗅探到它的人可以修改设备配置：在路由器和交换机上意味着改变流量路径、关闭接口或导出配置。` +
              `请删除可写团体字符串（Net-SNMP：rwcommunity 行），确需写入的少数系统改用 authPriv 级别的 SNMPv3 用户，` +
              `并把 UDP 161 的访问限制在这些系统。`,
          },
          action: 'restrict' as const,
          evidence: { community: t.community, version: v, object: 'sysContact.0', value: contact },
        };
      });
    return {
      status: 'ok',
      evidence: {
        readable: trials.map((t) => t.community).join(','),
        writable: trials
          .filter((t) => t.writable)
          .map((t) => t.community)
          .join(','),
        results: trials.map((t) => `${t.community}:${t.result}`).join(' '),
      },
      findings,
    };
  },
};
