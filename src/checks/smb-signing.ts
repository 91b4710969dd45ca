/**
 * smb-signing: reads the server's SecurityMode from an SMB2/3 NEGOTIATE (or, for an SMB1-only server, from the
 * SMB1 one) and reports whether message signing is required, merely enabled, or off. Without required signing,
 * NTLM authentication captured elsewhere (LLMNR/NBNS poisoning, coerced authentication) can be relayed to it.
 *
 * @output
 * 445/tcp smb-signing: signing enabled but not required (SMB 3.1.1, SecurityMode 0x1)
 */
import { NetworkError } from '../core/errors.js';
import { negotiateSmb1, negotiateSmb2, smbTarget } from '../protocols/smb/client.js';
import { SMB2_DIALECTS, smb2DialectName } from '../protocols/smb/codec.js';
import type { Check, Evidence } from './types.js';

export const check: Check = {
  id: 'smb-signing',
  title: { en: 'SMB message signing', zh: 'SMB 消息签名' },
  categories: ['safe'],
  references: [
    'MS-SMB2',
    'https://learn.microsoft.com/en-us/windows-server/storage/file-server/smb-signing',
    'https://attack.mitre.org/techniques/T1557/001/',
  ],
  applies: { transport: 'tcp', ports: [139, 445], services: ['microsoft-ds', 'netbios-ssn', 'smb'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const t = smbTarget(host, port, service?.service, ctx.timeoutMs, ctx.signal);
    try {
      let mode: { protocol: string; securityMode: number; enabled: boolean; required: boolean } | null = null;
      const smb2 = await negotiateSmb2(t, SMB2_DIALECTS);
      if (smb2 !== null) {
        mode = {
          protocol: `SMB ${smb2DialectName(smb2.dialect)}`,
          securityMode: smb2.securityMode,
          enabled: smb2.signingEnabled,
          required: smb2.signingRequired,
        };
      } else {
        const smb1 = await negotiateSmb1(t);
        if (smb1 !== null) {
          mode = {
            protocol: 'SMB1 NT LM 0.12',
            securityMode: smb1.securityMode,
            enabled: smb1.signingEnabled,
            required: smb1.signingRequired,
          };
        }
      }
      if (mode === null) return { status: 'not-applicable', reason: 'the port accepted no SMB negotiation' };
      const state = mode.required ? 'required' : mode.enabled ? 'enabled' : 'disabled';
      const evidence: Evidence = {
        signing: state,
        protocol: mode.protocol,
        securityMode: `0x${mode.securityMode.toString(16)}`,
      };
      if (mode.required) return { status: 'ok', evidence, findings: [] };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'medium',
            title: { en: 'SMB signing is not required', zh: '未强制要求 SMB 签名' },
            detail: {
              en: `The server ${state === 'enabled' ? 'supports signing but does not require it' : 'does not sign at all'} (${mode.protocol}, SecurityMode ${evidence['securityMode'] as string}). An attacker who captures or coerces an NTLM authentication elsewhere can relay it to this server and act as that user (ntlmrelayx-style attacks), and traffic can be altered in transit. Require signing: Windows, Set-SmbServerConfiguration -RequireSecuritySignature $true (or the Group Policy "Microsoft network server: Digitally sign communications (always)"); Samba, server signing = mandatory.`,
              zh: `服务器${state === 'enabled' ? '支持签名但没有强制要求' : '完全不签名'}（${mode.protocol}，SecurityMode ${evidence['securityMode'] as string}）。攻击者在别处截获或诱导出的 NTLM 认证可以被中继到这台服务器，以该用户身份操作（ntlmrelayx 一类攻击），传输中的数据也可能被篡改。请强制签名：Windows 上执行 Set-SmbServerConfiguration -RequireSecuritySignature $true（或启用组策略“Microsoft 网络服务器：对通信进行数字签名(始终)”）；Samba 上设置 server signing = mandatory。`,
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
