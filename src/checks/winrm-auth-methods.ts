/**
 * winrm-auth-methods: POSTs an empty SOAP request to /wsman without credentials and lists the schemes of the
 * 401's WWW-Authenticate headers. Basic on plain HTTP (5985) sends passwords in clear text (AllowUnencrypted
 * plus Basic, a common Ansible shortcut); Basic over HTTPS still invites password guessing; CredSSP delegates
 * the user's full credentials to the server. Negotiate/Kerberos alone is the Windows default.
 *
 * @output
 * 5985/tcp winrm-auth-methods: Basic, Negotiate — high: Basic authentication over plain HTTP
 */
import type { Check, CheckFinding } from './types.js';
import { httpFailure } from '../protocols/http/client.js';
import { looksLikeWsman, winrmTarget, wsmanChallenge } from '../protocols/winrm/client.js';

export const check: Check = {
  id: 'winrm-auth-methods',
  title: { en: 'WinRM authentication methods', zh: 'WinRM 认证方式' },
  categories: ['safe', 'auth'],
  references: [
    'https://learn.microsoft.com/en-us/windows/win32/winrm/authentication-for-remote-connections',
    'https://learn.microsoft.com/en-us/windows/win32/winrm/installation-and-configuration-for-windows-remote-management',
    'RFC 7617',
    'CVE-2018-0886',
  ],
  applies: { transport: 'tcp', ports: [5985, 5986], services: ['wsman', 'wsmans', 'winrm'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = winrmTarget(host, port, service, ctx.timeoutMs, ctx.signal);
    let challenge: Awaited<ReturnType<typeof wsmanChallenge>>;
    try {
      challenge = await wsmanChallenge(target);
    } catch (err) {
      return httpFailure(err);
    }
    if (!looksLikeWsman(challenge.response, null)) {
      return {
        status: 'not-applicable',
        reason: `/wsman answered ${challenge.response.status} without a WS-Management challenge`,
      };
    }
    const schemes = challenge.schemes;
    const has = (name: string): boolean => schemes.some((s) => s.toLowerCase() === name.toLowerCase());
    const evidence = { status: challenge.response.status, schemes: schemes.join(', '), tls: target.tls };
    const findings: CheckFinding[] = [];
    if (has('Basic')) {
      findings.push(
        target.tls
          ? {
              key: 'basic',
              severity: 'low',
              title: {
                en: 'WinRM accepts Basic authentication (inside TLS)',
                zh: 'WinRM 接受 Basic 认证（在 TLS 内）',
              },
              detail: {
                en: 'Basic authentication is enabled: local account passwords are checked directly, without Kerberos mutual authentication, which makes password guessing against this port easy. Prefer Negotiate/Kerberos or certificate authentication (winrm set winrm/config/service/auth @{Basic="false"}).',
                zh: '已启用 Basic 认证：服务直接校验本地账户口令，没有 Kerberos 双向认证，使针对该端口的口令猜测变得容易。应优先使用 Negotiate/Kerberos 或证书认证（winrm set winrm/config/service/auth @{Basic="false"}）。',
              },
              action: 'harden',
              evidence: { schemes: evidence.schemes, tls: true },
            }
          : {
              key: 'basic',
              severity: 'high',
              title: {
                en: 'WinRM accepts Basic authentication over plain HTTP',
                zh: 'WinRM 在明文 HTTP 上接受 Basic 认证',
              },
              detail: {
                en: 'The service offers Basic on an unencrypted listener, which means AllowUnencrypted is on: a client that uses it sends the user name and password in Base64 that anyone on the path can read, and then the whole remote session in clear text. Turn both off (winrm set winrm/config/service @{AllowUnencrypted="false"}; winrm set winrm/config/service/auth @{Basic="false"}) and use HTTPS on 5986 or Kerberos.',
                zh: '服务在未加密的监听上提供 Basic 认证，说明 AllowUnencrypted 已开启：客户端会以 Base64 发送用户名和口令，路径上的任何人都能读取，随后整个远程会话也是明文。请关闭这两项（winrm set winrm/config/service @{AllowUnencrypted="false"}；winrm set winrm/config/service/auth @{Basic="false"}），改用 5986 上的 HTTPS 或 Kerberos。',
              },
              action: 'harden',
              evidence: { schemes: evidence.schemes, tls: false },
            },
      );
    }
    if (has('CredSSP')) {
      findings.push({
        key: 'credssp',
        severity: 'medium',
        title: { en: 'WinRM offers CredSSP', zh: 'WinRM 提供 CredSSP 认证' },
        detail: {
          en: 'CredSSP hands the user’s full credentials to this server so it can reuse them on other hosts: if the server is compromised, so is every account that logs on to it this way (and unpatched clients are open to CVE-2018-0886). Disable it unless a double-hop scenario needs it (Disable-WSManCredSSP -Role Server).',
          zh: 'CredSSP 会把用户的完整凭据交给该服务器，以便它在其他主机上重复使用：一旦服务器被攻陷，所有以这种方式登录的账户也随之失守（未打补丁的客户端还受 CVE-2018-0886 影响）。除非确有二跳访问需求，否则应禁用（Disable-WSManCredSSP -Role Server）。',
        },
        action: 'harden',
        evidence: { schemes: evidence.schemes },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
