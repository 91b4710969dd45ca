/**
 * telnet-detect: recognises a Telnet server by its IAC option negotiation (RFC 854/855), refusing every option it
 * offers, and by a login prompt; a Telnet login sends the account and password in clear text.
 *
 * @output
 * 23/tcp telnet-detect: Telnet (DO TERMINAL-TYPE, DO TERMINAL-SPEED, …) with a login prompt: cleartext remote login
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { optionName, telnetHints } from '../protocols/telnet/codec.js';
import { telnetGreeting } from '../protocols/telnet/client.js';
import { printable } from '../protocols/shell/codec.js';

export const check: Check = {
  id: 'telnet-detect',
  title: { en: 'Telnet remote login', zh: 'Telnet 远程登录' },
  categories: ['safe', 'discovery'],
  references: ['RFC 854', 'RFC 855', 'CWE-319'],
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
    const hints = telnetHints(greeting.text);
    const iac = greeting.negotiations.length > 0;
    const evidence = {
      iac,
      negotiations: greeting.negotiations
        .slice(0, 12)
        .map((n) => `${n.verb} ${optionName(n.option)}`)
        .join(', '),
      loginPrompt: hints.loginPrompt,
      banner: printable(Buffer.from(greeting.text, 'latin1'), 300),
    };
    if (!iac && !hints.loginPrompt) return { status: 'ok', evidence, findings: [] };
    return {
      status: 'ok',
      evidence,
      service: { service: 'telnet', banner: evidence.banner },
      findings: [
        {
          key: '',
          severity: 'high',
          title: { en: 'Telnet offers a remote login in clear text', zh: 'Telnet 提供明文远程登录' },
          detail: {
            en: `The port speaks Telnet${iac ? ` (it negotiated ${evidence.negotiations})` : ''}${hints.loginPrompt ? ' and shows a login prompt' : ''}. Telnet encrypts nothing: user names, passwords and the whole session can be read and altered on the path, and Telnet logins are a favourite target of password-guessing botnets (Mirai). Disable it and use SSH; on devices that cannot, allow the port only from a management network.`,
            zh: `该端口使用 Telnet 协议${iac ? `（协商了 ${evidence.negotiations}）` : ''}${hints.loginPrompt ? '，并显示登录提示' : ''}。Telnet 不做任何加密：用户名、口令和整个会话都可能在传输路径上被读取和篡改，Telnet 登录也是 Mirai 等口令爆破僵尸网络最常攻击的目标。请停用 Telnet 改用 SSH；无法改用的设备只允许管理网段访问该端口。`,
          },
          action: 'close',
          evidence,
        },
      ],
    };
  },
};
