/**
 * winrm-detect: POSTs an anonymous WS-Management Identify (DSP0226 §11) to /wsman. Windows WinRM answers it with
 * its OS build and stack version when anonymous Identify is allowed, otherwise 401 from Microsoft-HTTPAPI; the
 * Linux OMI agent (Azure VM extensions) names itself, and OMI before 1.6.8-1 runs any command for a request
 * without an Authorization header (OMIGOD, CVE-2021-38647).
 *
 * @output
 * 5985/tcp winrm-detect: Microsoft Corporation, OS 10.0.17763, stack 3.0 (Microsoft-HTTPAPI/2.0); auth: Negotiate, Kerberos
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { httpFailure } from '../protocols/http/client.js';
import { omiVersion, omiVulnerable } from '../protocols/winrm/codec.js';
import { looksLikeWsman, winrmTarget, wsmanChallenge, wsmanIdentify } from '../protocols/winrm/client.js';

export const check: Check = {
  id: 'winrm-detect',
  title: { en: 'WinRM / WS-Management endpoint', zh: 'WinRM / WS-Management 端点' },
  categories: ['safe', 'discovery'],
  references: [
    'https://www.dmtf.org/standards/ws-man',
    'https://learn.microsoft.com/en-us/windows/win32/winrm/installation-and-configuration-for-windows-remote-management',
    'CVE-2021-38647',
  ],
  applies: { transport: 'tcp', ports: [5985, 5986, 1270], services: ['wsman', 'wsmans', 'winrm'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = winrmTarget(host, port, service, ctx.timeoutMs, ctx.signal);
    let identify: Awaited<ReturnType<typeof wsmanIdentify>>;
    let challenge: Awaited<ReturnType<typeof wsmanChallenge>>;
    try {
      identify = await wsmanIdentify(target);
      challenge = await wsmanChallenge(target);
    } catch (err) {
      return httpFailure(err);
    }
    const { response, identity } = identify;
    if (!looksLikeWsman(response, identity) && !looksLikeWsman(challenge.response, null)) {
      return { status: 'not-applicable', reason: `/wsman answered ${response.status}: not a WS-Management endpoint` };
    }
    const server = header(response, 'server') ?? header(challenge.response, 'server') ?? null;
    const omi = omiVersion([server ?? '', identity?.productVendor ?? '', identity?.productVersion ?? ''].join(' '));
    const evidence = {
      identifyStatus: response.status,
      anonymousIdentify: identity !== null,
      server,
      vendor: identity?.productVendor ?? null,
      productVersion: identity?.productVersion ?? null,
      osVersion: identity?.osVersion ?? null,
      stackVersion: identity?.stackVersion ?? null,
      protocolVersion: identity?.protocolVersion ?? null,
      authSchemes: challenge.schemes.join(', '),
      tls: target.tls,
      product: omi !== null ? 'OMI' : 'Windows Remote Management',
    };
    const findings: CheckFinding[] = [];
    if (omi !== null && omi !== '' && omiVulnerable(omi)) {
      findings.push({
        key: 'omigod',
        severity: 'critical',
        title: {
          en: `OMI ${omi} is vulnerable to OMIGOD (CVE-2021-38647)`,
          zh: `OMI ${omi} 存在 OMIGOD 漏洞（CVE-2021-38647）`,
        },
        detail: {
          en: `This is the Open Management Infrastructure agent version ${omi}. Before 1.6.8-1 it runs any command as root for a request that simply omits the Authorization header. Update the OMI package (Azure: the extensions update it; otherwise apt/yum update omi) and block 5985/5986/1270 from everything but the management hosts.`,
          zh: `这是 Open Management Infrastructure 代理，版本 ${omi}。1.6.8-1 之前的版本只要请求中不带 Authorization 头，就会以 root 身份执行任意命令。请更新 OMI 软件包（Azure 上由扩展自动更新，否则用 apt/yum 更新 omi），并只允许管理主机访问 5985/5986/1270。`,
        },
        action: 'harden',
        evidence: { server, omiVersion: omi },
      });
    }
    return {
      status: 'ok',
      evidence,
      findings,
      service: {
        service: target.tls ? 'wsmans' : 'wsman',
        product: omi !== null ? 'Open Management Infrastructure' : 'Microsoft Windows Remote Management',
        ...(omi !== null && omi !== '' && { version: omi }),
        ...(identity?.osVersion != null && { extraInfo: `OS ${identity.osVersion}` }),
        tls: target.tls,
      },
    };
  },
};
