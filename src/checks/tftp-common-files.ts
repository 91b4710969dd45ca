/**
 * tftp-common-files (intrusive): asks a TFTP server for well-known file names — network device configurations, PXE
 * boot loaders and boot menus, Windows deployment files — and reports which exist. Only the first block of each is
 * read and its content is never kept; the transfer is ended with an ERROR right after it. Extra names may be given
 * in `tftp.files` (comma-separated).
 *
 * @output
 * 69/udp tftp-common-files: readable: startup-config (61 bytes in block 1), pxelinux.0 (512+ bytes)
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { tftpFirstPacket } from '../protocols/tftp/client.js';

/** Names and what they are: configurations can hold password hashes and SNMP communities. */
export const COMMON_FILES: readonly { readonly name: string; readonly kind: 'config' | 'boot' }[] = [
  { name: 'startup-config', kind: 'config' },
  { name: 'running-config', kind: 'config' },
  { name: 'router-confg', kind: 'config' },
  { name: 'network-confg', kind: 'config' },
  { name: 'config.text', kind: 'config' },
  { name: 'config.cfg', kind: 'config' },
  { name: 'SEPDefault.cnf.xml', kind: 'config' },
  { name: 'pxelinux.0', kind: 'boot' },
  { name: 'pxelinux.cfg/default', kind: 'boot' },
  { name: 'bootx64.efi', kind: 'boot' },
  { name: 'grubx64.efi', kind: 'boot' },
  { name: 'undionly.kpxe', kind: 'boot' },
  { name: 'boot.ini', kind: 'boot' },
  { name: 'boot/bcd', kind: 'boot' },
];

export const check: Check = {
  id: 'tftp-common-files',
  title: { en: 'Well-known files readable over TFTP', zh: '可通过 TFTP 读取的常见文件' },
  categories: ['intrusive'],
  references: [
    'RFC 1350',
    'CVE-1999-0183',
    'https://www.cisco.com/c/en/us/support/docs/ios-nx-os-software/ios-software-releases-110/15092-copyconfig.html',
  ],
  applies: { transport: 'udp', ports: [69], services: ['tftp'] },
  async run(ctx) {
    if (!ctx.intrusive)
      return { status: 'not-applicable', reason: 'reading files over TFTP is intrusive: needs --intrusive' };
    const { host, port } = ctx.target;
    const extra = (ctx.args['tftp.files'] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !COMMON_FILES.some((f) => f.name === n))
      .slice(0, 32)
      .map((name) => ({ name, kind: 'config' as const }));
    const found: { name: string; kind: 'config' | 'boot'; bytes: number }[] = [];
    let answered = 0;
    try {
      for (const file of [...COMMON_FILES, ...extra]) {
        const reply = await tftpFirstPacket({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, file.name);
        if (reply === null) {
          // Silence to the first request: nothing serves TFTP here; do not wait out every other name.
          if (answered === 0) break;
          continue;
        }
        answered++;
        if (reply.opcode === 'data') found.push({ ...file, bytes: reply.dataLength });
        else if (reply.opcode === 'oack') found.push({ ...file, bytes: -1 });
      }
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no TFTP server: ${err.message}` };
      }
      if (err instanceof RangeError) return { status: 'error', error: `bad tftp.files entry: ${err.message}` };
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (answered === 0) return { status: 'not-applicable', reason: 'no TFTP answer to any read request' };
    const size = (b: number): string => (b < 0 ? 'size unknown' : b >= 512 ? `${b}+ bytes` : `${b} bytes`);
    const findings: CheckFinding[] = found.map((f) => {
      const config = f.kind === 'config';
      return {
        key: f.name,
        severity: config ? 'high' : 'low',
        title: {
          en: `${config ? 'Configuration' : 'Boot'} file readable over TFTP: ${f.name}`,
          zh: `可通过 TFTP 读取${config ? '配置' : '引导'}文件：${f.name}`,
        },
        detail: config
          ? {
              en:
                `Anyone can download ${f.name} (${size(f.bytes)} in the first block) without authentication. Device ` +
                `configurations usually hold password hashes, SNMP communities, VPN keys and the network layout. ` +
                `Remove it from the TFTP root, move configuration backups to SCP/SFTP, and firewall UDP 69.`,
              zh:
                `任何人无需认证即可下载 ${f.name}（首个数据块 ${size(f.bytes)}）。设备配置通常包含口令哈希、SNMP 团体` +
                `字符串、VPN 密钥和网络拓扑。请把它移出 TFTP 根目录，配置备份改用 SCP/SFTP，并在防火墙上屏蔽 UDP 69。`,
            }
          : {
              en:
                `${f.name} can be read by anyone (${size(f.bytes)} in the first block): this is a network-boot server. ` +
                `That is expected on a provisioning network, but boot images can carry credentials for unattended ` +
                `installs; keep the server off other networks.`,
              zh:
                `任何人都能读取 ${f.name}（首个数据块 ${size(f.bytes)}），说明这是一台网络引导服务器。在装机网络中这属正常，` +
                `但引导镜像可能带有无人值守安装用的凭据，请勿让其他网络访问该服务器。`,
            },
        action: config ? 'restrict' : 'keep',
        evidence: { file: f.name, kind: f.kind, firstBlockBytes: f.bytes },
      };
    });
    return {
      status: 'ok',
      evidence: {
        tried: COMMON_FILES.length + extra.length,
        answered,
        readable: found.map((f) => f.name).join(','),
      },
      findings,
    };
  },
};
