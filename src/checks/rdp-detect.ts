/**
 * rdp-detect: sends X.224 Connection Requests with RDP_NEG_REQ ([MS-RDPBCGR] 2.2.1.1) asking for, in turn,
 * everything (TLS, CredSSP), standard RDP security only, and TLS only; the answers tell which security protocols
 * the server accepts and whether it requires Network Level Authentication (NLA, CredSSP) before the logon screen.
 *
 * @output
 * 3389/tcp rdp-detect: selects CredSSP (NLA); accepts TLS without NLA: no; standard RDP security: no
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import {
  FAILURE_NAMES,
  PROTOCOL_HYBRID,
  PROTOCOL_HYBRID_EX,
  PROTOCOL_RDP,
  PROTOCOL_SSL,
  connectionRequest,
  parseConnectionConfirm,
  protocolName,
  tpktLength,
  type NegotiationResult,
} from '../protocols/rdp/codec.js';
import type { CheckContext } from './types.js';

/** One connection: ask for `protocols`, read the Connection Confirm, close. */
export async function negotiate(ctx: CheckContext, protocols: number): Promise<NegotiationResult> {
  const { host, port } = ctx.target;
  return withStream(
    {
      host,
      port,
      signal: ctx.signal,
      limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 16 * 1024 },
    },
    async (s) => {
      s.write(connectionRequest(protocols));
      const packet = await s.read((b) => {
        try {
          return tpktLength(b);
        } catch (err) {
          throw new NetworkError('BAD_REPLY', err instanceof Error ? err.message : String(err));
        }
      });
      const result = parseConnectionConfirm(packet);
      if (result === null) throw new NetworkError('BAD_REPLY', 'not an X.224 Connection Confirm');
      return result;
    },
  );
}

function accepted(r: NegotiationResult, protocol: number): boolean {
  return r.kind === 'legacy' ? protocol === PROTOCOL_RDP : r.kind === 'response' && r.protocol === protocol;
}

function describe(r: NegotiationResult): string {
  if (r.kind === 'legacy') return 'RDP (no negotiation)';
  if (r.kind === 'failure') return FAILURE_NAMES[r.code] ?? `failure ${r.code}`;
  return protocolName(r.protocol);
}

export const check: Check = {
  id: 'rdp-detect',
  title: { en: 'RDP security protocols', zh: 'RDP 安全协议' },
  categories: ['safe', 'discovery'],
  references: [
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/',
    'CVE-2019-0708',
    'CVE-2005-1794',
  ],
  applies: { transport: 'tcp', ports: [3389], services: ['ms-wbt-server'] },
  async run(ctx) {
    try {
      const best = await negotiate(ctx, PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX);
      const rdpOnly = await negotiate(ctx, PROTOCOL_RDP);
      const tlsOnly = await negotiate(ctx, PROTOCOL_SSL);
      const standard = accepted(rdpOnly, PROTOCOL_RDP);
      const tls = accepted(tlsOnly, PROTOCOL_SSL);
      const evidence = {
        selected: describe(best),
        standardRdpSecurity: standard,
        tlsWithoutNla: tls,
        nlaRequired: !standard && !tls,
        rdpOnlyAnswer: describe(rdpOnly),
        tlsOnlyAnswer: describe(tlsOnly),
      };
      const findings: CheckFinding[] = [];
      if (standard || tls) {
        findings.push({
          key: 'no-nla',
          severity: 'high',
          title: {
            en: 'RDP does not require Network Level Authentication',
            zh: 'RDP 未强制网络级身份验证（NLA）',
          },
          detail: {
            en: `The server accepts connections with ${[standard ? 'standard RDP security' : '', tls ? 'TLS without NLA' : ''].filter((x) => x !== '').join(' and ')}, so anyone reaches the logon screen and the pre-authentication code of the RDP stack before proving who they are: that is what made BlueKeep (CVE-2019-0708) wormable and what password sprayers rely on. Require NLA (Windows: "Allow connections only from computers running Remote Desktop with Network Level Authentication"; xrdp cannot do NLA, so keep it behind a VPN or SSH tunnel) and expose RDP only through a VPN or RD Gateway.`,
            zh: `服务器接受${[standard ? '标准 RDP 安全层' : '', tls ? '不带 NLA 的 TLS' : ''].filter((x) => x !== '').join('和')}方式的连接，任何人在证明身份之前就能到达登录界面并触及 RDP 协议栈的认证前代码：BlueKeep（CVE-2019-0708）之所以能蠕虫式传播、口令喷洒之所以有效，都依赖于此。请强制启用 NLA（Windows：“仅允许运行使用网络级别身份验证的远程桌面的计算机连接”；xrdp 不支持 NLA，应只置于 VPN 或 SSH 隧道之后），并只通过 VPN 或远程桌面网关开放 RDP。`,
          },
          action: 'harden',
          evidence,
        });
      }
      if (standard) {
        findings.push({
          key: 'standard-rdp-security',
          severity: 'medium',
          title: { en: 'RDP accepts standard RDP security (no TLS)', zh: 'RDP 接受标准 RDP 安全层（无 TLS）' },
          detail: {
            en: 'Standard RDP security encrypts with RC4 under keys the client cannot tie to the server, so a man in the middle can read the session, including the password typed at the logon screen (CVE-2005-1794). Set the security layer to TLS (Windows: SecurityLayer 2; xrdp: security_layer=tls).',
            zh: '标准 RDP 安全层使用 RC4 加密，且客户端无法把密钥与服务器身份绑定，中间人可以读取整个会话，包括在登录界面输入的口令（CVE-2005-1794）。请把安全层设为 TLS（Windows：SecurityLayer 设为 2；xrdp：security_layer=tls）。',
          },
          action: 'harden',
          evidence: { rdpOnlyAnswer: evidence.rdpOnlyAnswer },
        });
      }
      return {
        status: 'ok',
        evidence,
        findings,
        service: { service: 'ms-wbt-server', extraInfo: `selects ${evidence.selected}` },
      };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
