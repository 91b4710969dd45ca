/**
 * smb-null-session: an anonymous logon (NTLMSSP with empty user and password, [MS-NLMP] 3.1.5.1.2) over SMB2/3,
 * then a TREE_CONNECT to IPC$. Nothing is opened, read or written; no password of anyone is tried. When IPC$
 * accepts the null session, anonymous RPC over named pipes (share, user and policy enumeration) may follow.
 *
 * @output
 * 445/tcp smb-null-session: anonymous session accepted, IPC$ tree connect STATUS_SUCCESS
 */
import { NetworkError } from '../core/errors.js';
import { anonymousSession, ipcPath, ntStatus, smbTarget } from '../protocols/smb/client.js';
import type { Check, Evidence } from './types.js';

export const check: Check = {
  id: 'smb-null-session',
  title: { en: 'Anonymous (null) SMB session to IPC$', zh: '匿名（空）SMB 会话访问 IPC$' },
  categories: ['safe', 'auth'],
  references: [
    'MS-NLMP',
    'MS-SMB2',
    'CVE-1999-0519',
    'https://www.samba.org/samba/docs/current/man-html/smb.conf.5.html',
  ],
  applies: { transport: 'tcp', ports: [139, 445], services: ['microsoft-ds', 'netbios-ssn', 'smb'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const t = smbTarget(host, port, service?.service, ctx.timeoutMs, ctx.signal);
    try {
      const r = await anonymousSession(t, { challengeOnly: false, ipcPath: ipcPath(host) });
      if (r === null)
        return { status: 'not-applicable', reason: 'the server speaks no SMB2/3 (SMB1-only servers are not tried)' };
      const evidence: Evidence = {
        sessionStatus: r.sessionStatus === null ? null : ntStatus(r.sessionStatus),
        sessionFlags: `0x${r.sessionFlags.toString(16)}`,
        guest: (r.sessionFlags & 0x1) !== 0,
        ipcStatus: r.ipcStatus === null ? null : ntStatus(r.ipcStatus),
        netbiosComputer: r.challenge?.netbiosComputer ?? null,
        netbiosDomain: r.challenge?.netbiosDomain ?? null,
      };
      if (r.sessionStatus !== 0 || r.ipcStatus !== 0) return { status: 'ok', evidence, findings: [] };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'medium',
            title: { en: 'Anonymous SMB sessions can open IPC$', zh: '匿名 SMB 会话可以连接 IPC$' },
            detail: {
              en: `The server accepted a logon with an empty user name and password and then a connection to IPC$ (status ${evidence['ipcStatus'] as string}). Through IPC$ an anonymous user can call RPC services over named pipes; depending on the server's policy that lists shares, users, groups and password policy, the groundwork for password spraying and further attacks. Forbid it: Windows, keep "Network access: Restrict anonymous access to Named Pipes and Shares" enabled and RestrictAnonymous=1 or higher; Samba, restrict anonymous = 2 and map to guest = Never.`,
              zh: `服务器接受了空用户名、空口令的登录，随后又允许连接 IPC$（状态 ${evidence['ipcStatus'] as string}）。匿名用户可以经 IPC$ 通过命名管道调用 RPC 服务，视服务器策略不同，可以列出共享、用户、组和口令策略，为口令喷洒等后续攻击打下基础。请禁止这种访问：Windows 上保持启用“网络访问：限制对命名管道和共享的匿名访问”，并将 RestrictAnonymous 设为 1 或更高；Samba 上设置 restrict anonymous = 2 和 map to guest = Never。`,
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
