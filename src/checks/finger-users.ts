/**
 * finger-users: sends the empty finger query (RFC 1288 §2.3, `{C}`) and reports whether the server lists who is
 * logged in, and what it shows about them.
 *
 * @output
 * 79/tcp finger-users: lists 2 users (news, root) with terminals and source addresses
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { parseFingerList } from '../protocols/finger/codec.js';
import { finger } from '../protocols/finger/client.js';
import { printable } from '../protocols/shell/codec.js';

export const check: Check = {
  id: 'finger-users',
  title: { en: 'Finger user listing', zh: 'Finger 用户列表' },
  categories: ['safe', 'discovery'],
  references: ['RFC 1288', 'CVE-1999-0612'],
  applies: { transport: 'tcp', ports: [79], services: ['finger'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let reply;
    try {
      reply = await finger({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    const list = parseFingerList(reply.text);
    const evidence = {
      users: list.users.join(', '),
      count: list.users.length,
      nobodyLoggedOn: list.nobody,
      refused: list.refused,
      reply: printable(Buffer.from(reply.text, 'latin1'), 400),
      truncated: reply.truncated,
    };
    const service = { service: 'finger', banner: evidence.reply };
    if (list.users.length === 0) return { status: 'ok', evidence, findings: [], service };
    const shown = list.users.slice(0, 10).join(', ');
    return {
      status: 'ok',
      evidence,
      service,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: { en: 'Finger lists the users logged in', zh: 'Finger 会列出当前登录的用户' },
          detail: {
            en: `An empty query returned ${list.users.length} account${list.users.length === 1 ? '' : 's'} (${shown}) with their terminals, login times and where they connect from. Valid account names are what password guessing starts from, and login habits help social engineering. Disable the finger service (remove it from inetd, or uninstall fingerd) or block port 79.`,
            zh: `一次空查询就返回了 ${list.users.length} 个账号（${shown}），以及它们的终端、登录时间和来源地址。有效的账号名正是口令猜测的起点，登录习惯也便于社会工程攻击。请停用 finger 服务（从 inetd 中移除或卸载 fingerd），或封禁 79 端口。`,
          },
          action: 'close',
          evidence,
        },
      ],
    };
  },
};
