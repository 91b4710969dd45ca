/**
 * rdp-ntlm-info: when the RDP server selects CredSSP (NLA) in its negotiation response ([MS-RDPBCGR] 2.2.1.2),
 * completes TLS, sends a CredSSP TSRequest with an NTLMSSP NEGOTIATE ([MS-CSSP] 2.2.1, [MS-NLMP] 2.2.1.1) and reads
 * the server's CHALLENGE: its NetBIOS and DNS computer and domain names, forest and OS build, before any logon.
 *
 * @output
 * 3389/tcp rdp-ntlm-info: DC01 (DC01.corp.example) in CORP (corp.example), Windows 10.0.20348
 *   info  RDP's NTLM challenge names the host and domain: DC01, CORP, corp.example
 */
import type { Check, CheckFinding, CheckContext } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream, type Stream } from '../protocols/net/stream.js';
import {
  PROTOCOL_HYBRID,
  PROTOCOL_HYBRID_EX,
  PROTOCOL_SSL,
  connectionRequest,
  parseConnectionConfirm,
  protocolName,
  tpktLength,
  FAILURE_NAMES,
} from '../protocols/rdp/codec.js';
import {
  encodeTsRequest,
  ntlmNegotiateWithVersion,
  parseTsRequest,
  tsRequestLength,
  windowsRelease,
} from '../protocols/rdp/credssp.js';
import { findNtlmssp, parseNtlmChallenge, type NtlmChallenge } from '../protocols/smb/ntlmssp.js';

/** A framer that turns the codec's RangeErrors into BAD_REPLY. */
function framed(framer: (b: Uint8Array) => number): (b: Uint8Array) => number {
  return (b) => {
    try {
      return framer(b);
    } catch (err) {
      throw new NetworkError('BAD_REPLY', err instanceof Error ? err.message : String(err));
    }
  };
}

type Exchange =
  | { readonly kind: 'no-credssp'; readonly reason: string }
  | { readonly kind: 'challenge'; readonly challenge: NtlmChallenge; readonly credssp: number; readonly nla: string };

async function exchange(s: Stream): Promise<Exchange> {
  s.write(connectionRequest(PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX));
  const confirm = parseConnectionConfirm(await s.read(framed(tpktLength)));
  if (confirm === null) throw new NetworkError('BAD_REPLY', 'not an X.224 Connection Confirm');
  if (confirm.kind === 'legacy') return { kind: 'no-credssp', reason: 'the server speaks only standard RDP security' };
  if (confirm.kind === 'failure') {
    const name = FAILURE_NAMES[confirm.code] ?? `failure ${confirm.code}`;
    return { kind: 'no-credssp', reason: `the server refused the negotiation (${name})` };
  }
  if (confirm.protocol !== PROTOCOL_HYBRID && confirm.protocol !== PROTOCOL_HYBRID_EX) {
    return { kind: 'no-credssp', reason: `no CredSSP: the server selects ${protocolName(confirm.protocol)}` };
  }
  await s.startTls();
  s.write(encodeTsRequest(ntlmNegotiateWithVersion()));
  const reply = parseTsRequest(await s.read(framed(tsRequestLength)));
  if (reply === null) throw new NetworkError('BAD_REPLY', 'not a CredSSP TSRequest');
  if (reply.errorCode !== null && reply.negoToken === null) {
    throw new NetworkError('BAD_REPLY', `CredSSP error 0x${reply.errorCode.toString(16).padStart(8, '0')}`);
  }
  const ntlm = reply.negoToken === null ? null : findNtlmssp(reply.negoToken);
  const challenge = ntlm === null ? null : parseNtlmChallenge(ntlm);
  if (challenge === null) throw new NetworkError('BAD_REPLY', 'the TSRequest carries no NTLM CHALLENGE');
  return { kind: 'challenge', challenge, credssp: reply.version, nla: protocolName(confirm.protocol) };
}

export const check: Check = {
  id: 'rdp-ntlm-info',
  title: { en: 'RDP NTLM host information', zh: 'RDP NTLM 主机信息' },
  categories: ['safe', 'discovery'],
  references: [
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-cssp/',
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/',
    'https://learn.microsoft.com/en-us/lifecycle/products/',
  ],
  applies: { transport: 'tcp', ports: [3389], services: ['ms-wbt-server'] },
  async run(ctx: CheckContext) {
    const { host, port } = ctx.target;
    try {
      const result = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
        },
        exchange,
      );
      if (result.kind === 'no-credssp') return { status: 'not-applicable', reason: result.reason };
      const c = result.challenge;
      const release = c.osVersion === null ? null : windowsRelease(c.osVersion);
      const evidence = {
        security: result.nla,
        credsspVersion: result.credssp,
        ...(c.targetName !== null && { targetName: c.targetName }),
        ...(c.netbiosComputer !== null && { netbiosComputer: c.netbiosComputer }),
        ...(c.netbiosDomain !== null && { netbiosDomain: c.netbiosDomain }),
        ...(c.dnsComputer !== null && { dnsComputer: c.dnsComputer }),
        ...(c.dnsDomain !== null && { dnsDomain: c.dnsDomain }),
        ...(c.dnsForest !== null && { dnsForest: c.dnsForest }),
        ...(c.osVersion !== null && { osVersion: c.osVersion }),
        ...(release !== null && { os: release.name, endOfSupport: release.endOfSupport }),
        ...(c.timestamp !== null && { serverTime: c.timestamp.toISOString() }),
      };
      const names = [...new Set([c.netbiosComputer, c.netbiosDomain, c.dnsComputer, c.dnsDomain, c.dnsForest])]
        .filter((n): n is string => n !== null && n !== '')
        .join(', ');
      const findings: CheckFinding[] = [];
      if (names !== '') {
        findings.push({
          key: 'names',
          severity: 'info',
          title: {
            en: `RDP's NTLM challenge names the host and domain: ${names}`,
            zh: `RDP 的 NTLM 挑战消息泄露了主机名和域名：${names}`,
          },
          detail: {
            en: `Before any logon, the CredSSP (NLA) handshake answers anyone with an NTLM CHALLENGE that names the computer and its domain${c.osVersion === null ? '' : ` and the Windows build (${c.osVersion})`}. Attackers use it to map Active Directory and aim password spraying. It cannot be switched off while NLA is on; expose RDP only through a VPN or Remote Desktop Gateway.`,
            zh: `在任何登录之前，CredSSP（NLA）握手会向任何人返回 NTLM 挑战消息，其中包含计算机名和所属域名${c.osVersion === null ? '' : `以及 Windows 版本号（${c.osVersion}）`}。攻击者借此摸清 Active Directory 结构并有针对性地进行口令喷洒。启用 NLA 时无法关闭这项信息；请只通过 VPN 或远程桌面网关开放 RDP。`,
          },
          action: 'restrict',
          evidence,
        });
      }
      if (release !== null) {
        findings.push({
          key: 'end-of-life',
          severity: 'low',
          title: {
            en: `RDP host runs ${release.name}, out of support since ${release.endOfSupport}`,
            zh: `RDP 主机运行 ${release.name}，自 ${release.endOfSupport} 起已停止支持`,
          },
          detail: {
            en: `The NTLM version ${c.osVersion ?? ''} names ${release.name}, for which Microsoft has shipped no public security updates since ${release.endOfSupport} (only paid Extended Security Updates, if any). Flaws found since then in RDP and elsewhere stay open. Upgrade to a supported Windows release, or isolate the host.`,
            zh: `NTLM 版本号 ${c.osVersion ?? ''} 表明这是 ${release.name}，微软自 ${release.endOfSupport} 起已不再发布公开安全更新（至多只有付费的扩展安全更新）。此后在 RDP 及其他组件中发现的漏洞都不会被修复。请升级到仍受支持的 Windows 版本，或将该主机隔离。`,
          },
          action: 'harden',
          evidence: { osVersion: c.osVersion ?? '', os: release.name, endOfSupport: release.endOfSupport },
        });
      }
      return {
        status: 'ok',
        evidence,
        findings,
        service: {
          service: 'ms-wbt-server',
          ...(c.osVersion !== null && { extraInfo: `NTLM ${c.osVersion}` }),
        },
      };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
