/**
 * finger-forwarding: asks the finger server for `@127.0.0.1`, a query it can only answer by fingering a host itself
 * (RFC 1288 §2.5.1, "{Q2}" requests). The host named is the server's own loopback, so nothing outside the server
 * is contacted; still, it makes the server open a connection, so the check is intrusive.
 *
 * @output
 * 79/tcp finger-forwarding: the server answered a forwarded query for @127.0.0.1 (3 lines)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { finger } from '../protocols/finger/client.js';
import { printable } from '../protocols/shell/codec.js';

/** What servers say when they refuse {Q2} queries. */
const REFUSAL =
  /forwarding (?:is )?(?:not allowed|denied|disabled|refused)|forwarding service denied|no forwarding|not supported|access denied|refused/i;

export const check: Check = {
  id: 'finger-forwarding',
  title: { en: 'Finger query forwarding', zh: 'Finger 查询转发' },
  categories: ['intrusive'],
  references: ['RFC 1288', 'CVE-1999-0105'],
  applies: { transport: 'tcp', ports: [79], services: ['finger'] },
  async run(ctx) {
    if (!ctx.intrusive)
      return { status: 'not-applicable', reason: 'makes the server open a connection; runs only with --intrusive' };
    const { host, port } = ctx.target;
    let reply;
    try {
      reply = await finger({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal, user: '@127.0.0.1' });
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK' && /closed/.test(err.message)) {
        return { status: 'ok', evidence: { query: '@127.0.0.1', forwarded: false, reply: '' }, findings: [] };
      }
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    const text = reply.text.trim();
    const forwarded = text !== '' && !REFUSAL.test(text);
    const evidence = { query: '@127.0.0.1', forwarded, reply: printable(Buffer.from(reply.text, 'latin1'), 300) };
    if (!forwarded) return { status: 'ok', evidence, findings: [] };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: { en: 'Finger forwards queries to other hosts', zh: 'Finger 会把查询转发给其他主机' },
          detail: {
            en: 'The server answered a query of the form "@host" for its own loopback, so it fingers other hosts on request. Anyone can use it to query machines behind the firewall that only this server can reach, and to hide where their queries come from. Turn forwarding off (BSD in.fingerd: drop -f; add -u to refuse "@host" queries) or stop the finger service.',
            zh: '服务器回应了针对其自身回环地址的 "@主机" 形式查询，说明它会按请求去 finger 其他主机。任何人都能借它查询防火墙后只有这台服务器才能访问的机器，并隐藏查询的真实来源。请关闭转发（BSD in.fingerd：去掉 -f，并加 -u 拒绝 "@主机" 查询），或直接停用 finger 服务。',
          },
          action: 'harden',
          evidence,
        },
      ],
    };
  },
};
