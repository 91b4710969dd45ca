/**
 * smb-ms17-010: the harmless probe nmap's smb-vuln-ms17-010 and Metasploit's scanner use. Over SMB1 it logs on
 * anonymously, connects to IPC$ and sends a TRANSACTION PeekNamedPipe on FID 0. A server missing the MS17-010
 * fix answers STATUS_INSUFF_SERVER_RESOURCES; a patched one (and Samba, which never had the flaw) answers another
 * error. No exploit, no write, no memory corruption.
 *
 * @output
 * 445/tcp smb-ms17-010: PeekNamedPipe answered 0xC0000008 (not vulnerable)
 */
import { NetworkError } from '../core/errors.js';
import { ipcPath, ntStatus, probeMs17010, smbTarget } from '../protocols/smb/client.js';
import { STATUS_INSUFF_SERVER_RESOURCES } from '../protocols/smb/codec.js';
import type { Check, Evidence } from './types.js';

export const check: Check = {
  id: 'smb-ms17-010',
  title: { en: 'MS17-010 (EternalBlue) missing patch', zh: '缺少 MS17-010（永恒之蓝）补丁' },
  categories: ['safe', 'vuln'],
  references: [
    'MS17-010',
    'CVE-2017-0143',
    'CVE-2017-0144',
    'CVE-2017-0145',
    'CVE-2017-0146',
    'CVE-2017-0148',
    'https://learn.microsoft.com/en-us/security-updates/securitybulletins/2017/ms17-010',
  ],
  applies: { transport: 'tcp', ports: [139, 445], services: ['microsoft-ds', 'netbios-ssn', 'smb'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const t = smbTarget(host, port, service?.service, ctx.timeoutMs, ctx.signal);
    try {
      const r = await probeMs17010(t, ipcPath(host));
      if (r.negotiate === null) {
        return { status: 'not-applicable', reason: 'SMB1 is not enabled, and MS17-010 only affects SMB1' };
      }
      if (r.sessionStatus !== 0) {
        return {
          status: 'not-applicable',
          reason: `the anonymous SMB1 session was refused (${ntStatus(r.sessionStatus ?? 0)}); cannot test`,
        };
      }
      if (r.treeStatus !== 0 || r.transStatus === null) {
        return {
          status: 'not-applicable',
          reason: `IPC$ refused the anonymous session (${ntStatus(r.treeStatus ?? 0)}); cannot test`,
        };
      }
      const vulnerable = r.transStatus === STATUS_INSUFF_SERVER_RESOURCES;
      const evidence: Evidence = { transStatus: ntStatus(r.transStatus), vulnerable, smb1Server: r.negotiate.server };
      if (!vulnerable) return { status: 'ok', evidence, findings: [] };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'critical',
            title: { en: 'MS17-010 is not patched (EternalBlue)', zh: '未修补 MS17-010（永恒之蓝）' },
            detail: {
              en: 'A PeekNamedPipe transaction on FID 0 was answered with STATUS_INSUFF_SERVER_RESOURCES (0xC0000205), the answer of an SMB1 server without the March 2017 MS17-010 update. Unauthenticated attackers can run code as SYSTEM over this port; WannaCry and NotPetya spread this way. Install MS17-010 (or any later cumulative update) at once, remove SMB1, and block 139/445 at the perimeter.',
              zh: '对 FID 0 发送的 PeekNamedPipe 事务得到了 STATUS_INSUFF_SERVER_RESOURCES（0xC0000205）应答，这是未安装 2017 年 3 月 MS17-010 更新的 SMB1 服务器的特征。未经认证的攻击者可经此端口以 SYSTEM 权限执行代码，WannaCry 和 NotPetya 正是这样传播的。请立即安装 MS17-010（或之后的任一累积更新），移除 SMB1，并在边界封锁 139/445。',
            },
            action: 'harden',
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
