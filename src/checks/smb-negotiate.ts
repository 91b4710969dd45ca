/**
 * smb-negotiate: negotiates without logging in, like nmap's smb-protocols and smb2-capabilities: one SMB1
 * NEGOTIATE with the classic dialect list, then one SMB2 NEGOTIATE per dialect 2.0.2 … 3.1.1, and the first leg of
 * an NTLMSSP session setup, whose CHALLENGE names the host, its domain and OS build. SMB1 enabled is a finding.
 *
 * @output
 * 445/tcp smb-negotiate: dialects NT LM 0.12, 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1 (SMB1 enabled); Samba; PWLAB-SMB in PWLAB-SMB; GUID 616c7770-2d62-6d73-6200-000000000000
 */
import { NetworkError } from '../core/errors.js';
import { anonymousSession, ipcPath, negotiateSmb1, negotiateSmb2, smbTarget } from '../protocols/smb/client.js';
import { SMB2_DIALECTS, smb2CapabilityNames, smb2DialectName, type Smb2Negotiate } from '../protocols/smb/codec.js';
import { spnegoMechanisms } from '../protocols/smb/ntlmssp.js';
import type { Check, Evidence, ServiceInfo } from './types.js';

/** Samba's SPNEGO negHints principal; Windows stopped sending negHints with Vista. */
const SAMBA_HINT = Buffer.from('not_defined_in_RFC4178@please_ignore', 'latin1');

function looksLikeSamba(n: Smb2Negotiate): boolean {
  return Buffer.from(n.securityBlob).includes(SAMBA_HINT);
}

export const check: Check = {
  id: 'smb-negotiate',
  title: { en: 'SMB dialects and server facts', zh: 'SMB 协议版本与服务器信息' },
  categories: ['safe', 'discovery'],
  references: [
    'MS-SMB2',
    'MS-CIFS',
    'MS-NLMP',
    'https://learn.microsoft.com/en-us/windows-server/storage/file-server/troubleshoot/detect-enable-and-disable-smbv1-v2-v3',
    'CVE-2017-0144',
  ],
  applies: { transport: 'tcp', ports: [139, 445], services: ['microsoft-ds', 'netbios-ssn', 'smb'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const t = smbTarget(host, port, service?.service, ctx.timeoutMs, ctx.signal);
    try {
      const smb1 = await negotiateSmb1(t);
      const smb2: Smb2Negotiate[] = [];
      for (const d of SMB2_DIALECTS) {
        const n = await negotiateSmb2(t, [d]);
        if (n?.dialect === d) smb2.push(n);
      }
      if (smb1 === null && smb2.length === 0) {
        return { status: 'not-applicable', reason: 'the port accepted no SMB1 or SMB2/3 negotiation' };
      }
      const best = smb2.at(-1) ?? null;
      const session = best === null ? null : await anonymousSession(t, { challengeOnly: true, ipcPath: ipcPath(host) });
      const ntlm = session?.challenge ?? null;
      const dialects = [...(smb1 !== null ? ['NT LM 0.12'] : []), ...smb2.map((n) => smb2DialectName(n.dialect))];
      const samba = best !== null && looksLikeSamba(best);
      const evidence: Evidence = {
        dialects: dialects.join(', '),
        smb1: smb1 !== null,
        highestDialect: dialects.at(-1) ?? null,
        serverGuid: best?.serverGuid ?? smb1?.serverGuid ?? null,
        capabilities: best === null ? null : smb2CapabilityNames(best.capabilities).join(', '),
        systemTime: (best?.systemTime ?? smb1?.systemTime ?? null)?.toISOString() ?? null,
        serverStartTime: best?.serverStartTime?.toISOString() ?? null,
        signingRequired: best?.signingRequired ?? smb1?.signingRequired ?? null,
        mechanisms: best === null ? null : spnegoMechanisms(best.securityBlob).join(', '),
        smb1Domain: smb1?.domain ?? null,
        smb1Server: smb1?.server ?? null,
        netbiosComputer: ntlm?.netbiosComputer ?? null,
        netbiosDomain: ntlm?.netbiosDomain ?? null,
        dnsComputer: ntlm?.dnsComputer ?? null,
        dnsDomain: ntlm?.dnsDomain ?? null,
        osVersion: ntlm?.osVersion ?? null,
        product: samba ? 'Samba' : ntlm?.osVersion != null ? 'Microsoft Windows' : null,
      };
      const info: Partial<ServiceInfo> = {
        service: t.netbios ? 'netbios-ssn' : 'microsoft-ds',
        ...(samba
          ? { product: 'Samba smbd', cpe: ['cpe:/a:samba:samba'] }
          : ntlm?.osVersion != null
            ? { product: 'Microsoft Windows SMB', extraInfo: `NT ${ntlm.osVersion}`, cpe: ['cpe:/o:microsoft:windows'] }
            : {}),
      };
      const name = ntlm?.netbiosComputer ?? smb1?.server ?? null;
      return {
        status: 'ok',
        evidence,
        service: info,
        findings:
          smb1 === null
            ? []
            : [
                {
                  key: 'smb1',
                  severity: 'high',
                  title: { en: 'SMB1 (NT LM 0.12) is enabled', zh: '启用了 SMB1（NT LM 0.12）' },
                  detail: {
                    en: `The server${name !== null ? ` ${name}` : ''} accepts the SMB1 dialect NT LM 0.12 (dialects: ${dialects.join(', ')}). SMB1 is the protocol of EternalBlue/WannaCry (MS17-010) and many other wormable flaws, lacks pre-authentication integrity and modern encryption, and Microsoft has deprecated it. Turn it off: Windows, Set-SmbServerConfiguration -EnableSMB1Protocol $false; Samba, server min protocol = SMB2_10 or higher.`,
                    zh: `服务器${name !== null ? ` ${name} ` : ''}接受 SMB1 协议版本 NT LM 0.12（支持的版本：${dialects.join('、')}）。SMB1 正是永恒之蓝/WannaCry（MS17-010）等多个可被蠕虫利用的漏洞所在的协议，它没有预认证完整性保护和现代加密，微软已将其弃用。请关闭它：Windows 上执行 Set-SmbServerConfiguration -EnableSMB1Protocol $false；Samba 上设置 server min protocol = SMB2_10 或更高。`,
                  },
                  action: 'harden',
                  evidence: { dialects: dialects.join(', '), smb1Domain: smb1.domain, smb1Server: smb1.server },
                },
              ],
      };
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
  },
};
