/**
 * nbstat: one NetBIOS node status query (RFC 1002 §4.2.17, NBSTAT for the name '*') to UDP 137, like
 * `nmblookup -A` or `nbtstat -A`. The name table tells the computer name, the workgroup or domain, the roles
 * (file server, domain controller, master browser), on old Windows the logged-on users, and the adapter's MAC.
 * On UDP 138 (which answers nothing itself) it asks port 137 of the same host.
 *
 * @output
 * 137/udp nbstat: PWLAB-SMB in workgroup LABGROUP, file server; names PWLAB-SMB<00> PWLAB-SMB<03> PWLAB-SMB<20> LABGROUP<00,G> LABGROUP<1e,G>; MAC 00:00:00:00:00:00
 */
import { randomInt } from 'node:crypto';
import { NetworkError } from '../core/errors.js';
import { exchangeDatagram } from '../protocols/net/datagram.js';
import {
  parseNetbiosReply,
  probeNetbios,
  summarizeNetbiosNames,
  type NetbiosName,
} from '../protocols/netbios/codec.js';
import type { Check, Evidence } from './types.js';

// Names such as \x01\x02__MSBROWSE__\x02 carry control bytes; show them as dots, as nmblookup does.
// eslint-disable-next-line no-control-regex
const printable = (s: string): string => s.replace(/[\x00-\x1f\x7f-\x9f]/g, '.');
const label = (n: NetbiosName): string =>
  `${printable(n.name)}<${n.suffix.toString(16).padStart(2, '0')}${n.group ? ',G' : ''}>`;

export const check: Check = {
  id: 'nbstat',
  title: { en: 'NetBIOS node status (name table, MAC)', zh: 'NetBIOS 节点状态（名称表、MAC 地址）' },
  categories: ['safe', 'discovery'],
  references: [
    'RFC 1001',
    'RFC 1002',
    'https://learn.microsoft.com/en-us/windows-server/networking/technologies/netbios/netbios-over-tcpip',
  ],
  applies: { transport: 'udp', ports: [137, 138], services: ['netbios-ns', 'netbios-dgm'] },
  async run(ctx) {
    const { host } = ctx.target;
    const id = randomInt(1, 0xffff);
    let reply: Uint8Array | null;
    try {
      reply = await exchangeDatagram({
        host,
        port: 137,
        payload: probeNetbios(id),
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        accept: (r) => parseNetbiosReply(r, id) !== null,
      });
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: `UDP 137: ${err.message}` };
      throw err;
    }
    if (reply === null) return { status: 'not-applicable', reason: 'no NetBIOS node status reply from UDP 137' };
    const parsed = parseNetbiosReply(reply, id);
    if (parsed === null) return { status: 'error', error: 'malformed node status reply' };
    const s = summarizeNetbiosNames(parsed.names);
    const realMac = parsed.mac !== null && parsed.mac !== '00:00:00:00:00:00' ? parsed.mac : null;
    const roles = [
      s.fileServer ? 'file server' : null,
      s.domainController ? 'domain controller' : null,
      s.masterBrowser ? 'master browser' : null,
    ].filter((r) => r !== null);
    const evidence: Evidence = {
      computer: s.computer,
      workgroup: s.workgroup,
      users: s.users.join(', '),
      roles: roles.join(', '),
      mac: parsed.mac,
      names: parsed.names.map(label).join(' '),
      replyBytes: reply.length,
    };
    const who = `${s.computer ?? '?'}${s.workgroup !== null ? ` (${s.workgroup})` : ''}`;
    const users = s.users.length > 0;
    return {
      status: 'ok',
      evidence,
      service: { service: 'netbios-ns', ...(s.computer !== null && { extraInfo: `name ${s.computer}` }) },
      findings: [
        {
          key: '',
          severity: users ? 'medium' : 'low',
          title: {
            en: 'NetBIOS name service answers node status queries',
            zh: 'NetBIOS 名称服务应答节点状态查询',
          },
          detail: {
            en: `Anyone who can reach UDP 137 learns this host's name table: ${who}${roles.length > 0 ? `, ${roles.join(', ')}` : ''}${users ? `, logged-on users ${s.users.join(', ')}` : ''}${realMac !== null ? `, MAC ${realMac}` : ''}. NetBIOS also enables name poisoning (NBNS spoofing) on the local network and serves as a small DDoS reflector. Block UDP 137-138 and TCP 139 at the perimeter; where DNS resolves names, disable NetBIOS over TCP/IP (Samba: disable netbios = yes and stop nmbd).`,
            zh: `任何能访问 UDP 137 的人都能得到这台主机的名称表：${who}${roles.length > 0 ? `，角色：${roles.map((r) => ROLE_ZH[r] ?? r).join('、')}` : ''}${users ? `，已登录用户：${s.users.join('、')}` : ''}${realMac !== null ? `，MAC 地址 ${realMac}` : ''}。NetBIOS 还会让局域网内的名称投毒（NBNS 欺骗）成为可能，并可被用作小型 DDoS 反射源。应在边界阻断 UDP 137-138 和 TCP 139；已用 DNS 解析名称的网络应禁用 NetBIOS over TCP/IP（Samba：设置 disable netbios = yes 并停止 nmbd）。`,
          },
          action: 'restrict',
          evidence,
        },
      ],
    };
  },
};

const ROLE_ZH: Readonly<Record<string, string>> = {
  'file server': '文件服务器',
  'domain controller': '域控制器',
  'master browser': '主浏览器',
};
