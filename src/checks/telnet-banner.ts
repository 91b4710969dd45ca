/**
 * telnet-banner: reads what a Telnet server shows before login (after refusing every option), without logging in,
 * and reports the operating system, device and host name it names.
 *
 * @output
 * 23/tcp telnet-banner: "Debian GNU/Linux 12⏎vm login:" — OS Debian GNU/Linux 12, host vm
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { telnetHints } from '../protocols/telnet/codec.js';
import { telnetGreeting } from '../protocols/telnet/client.js';
import { printable } from '../protocols/shell/codec.js';

export const check: Check = {
  id: 'telnet-banner',
  title: { en: 'Telnet pre-login banner', zh: 'Telnet 登录前横幅' },
  categories: ['safe', 'discovery'],
  references: ['RFC 854'],
  applies: { transport: 'tcp', ports: [23, 2323], services: ['telnet'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let greeting;
    try {
      greeting = await telnetGreeting({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    if (greeting.negotiations.length === 0 && !telnetHints(greeting.text).loginPrompt) {
      return { status: 'not-applicable', reason: 'no Telnet negotiation and no login prompt' };
    }
    const hints = telnetHints(greeting.text);
    const banner = printable(Buffer.from(greeting.text, 'latin1'), 300);
    const evidence = { banner, os: hints.os, hostname: hints.hostname, loginPrompt: hints.loginPrompt };
    const service = { service: 'telnet', banner, ...(hints.os !== null && { extraInfo: hints.os }) };
    if (hints.os === null) return { status: 'ok', evidence, findings: [], service };
    return {
      status: 'ok',
      evidence,
      service,
      findings: [
        {
          key: '',
          severity: 'low',
          title: { en: 'The Telnet banner names the operating system', zh: 'Telnet 横幅暴露了操作系统' },
          detail: {
            en: `Before any login the server shows "${hints.os}"${hints.hostname !== null ? ` and the host name "${hints.hostname}"` : ''}, which tells an attacker which exploits and default passwords to try. Remove system details from the pre-login banner (/etc/issue.net; inetutils telnetd -h) — better, replace Telnet with SSH.`,
            zh: `服务器在登录之前就显示了 "${hints.os}"${hints.hostname !== null ? `以及主机名 "${hints.hostname}"` : ''}，攻击者可据此挑选漏洞利用和默认口令。请从登录前横幅中去掉系统信息（/etc/issue.net；inetutils telnetd 的 -h 选项），更好的做法是用 SSH 取代 Telnet。`,
          },
          action: 'harden',
          evidence,
        },
      ],
    };
  },
};
