/**
 * ident-owner: holds a connection of our own to another open port of the ident host (the `ident.port` argument, or
 * the first of a few common service ports that answers, or the ident port itself) and asks the ident server
 * (RFC 1413) who owns it. A USERID reply names the account the service runs as.
 *
 * @output
 * 113/tcp ident-owner: 2026, 40112 : USERID : UNIX : news (the service on 2026 runs as news)
 */
import type { Check, Evidence } from './types.js';
import { NetworkError } from '../core/errors.js';
import { holdConnection, identAsk, type HeldConnection } from '../protocols/ident/client.js';

/** Ports tried, in order, when no `ident.port` is given: services often found next to identd. */
const CANDIDATES: readonly number[] = [22, 25, 80, 21, 6667, 143, 110, 443, 3306, 5432];

async function ownConnection(
  host: string,
  identPort: number,
  ctx: Parameters<Check['run']>[0],
): Promise<HeldConnection | null> {
  const wanted = ctx.args['ident.port'];
  const ports = wanted !== undefined ? [Number(wanted)] : CANDIDATES;
  const wait = Math.min(ctx.timeoutMs, 1_500);
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535 || p === identPort) continue;
    const held = await holdConnection(host, p, wait, ctx.signal);
    if (held !== null) return held;
  }
  return holdConnection(host, identPort, wait, ctx.signal);
}

export const check: Check = {
  id: 'ident-owner',
  title: { en: 'Ident reveals who runs a service', zh: 'Ident 泄露服务的运行账号' },
  categories: ['safe', 'discovery'],
  references: ['RFC 1413', 'RFC 931'],
  applies: { transport: 'tcp', ports: [113], services: ['ident', 'auth'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const held = await ownConnection(host, port, ctx);
    if (held === null)
      return { status: 'not-applicable', reason: 'no connection of our own to ask about could be opened' };
    try {
      const { reply, line } = await identAsk({
        host,
        identPort: port,
        serverPort: held.remotePort,
        clientPort: held.localPort,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
      if (reply === null) return { status: 'error', error: `not an ident reply: ${JSON.stringify(line.slice(0, 80))}` };
      const evidence: Evidence = {
        askedAbout: `${held.remotePort}, ${held.localPort}`,
        reply: line.slice(0, 200),
        ...(reply.kind === 'userid' ? { userId: reply.userId, os: reply.os } : { error: reply.error }),
      };
      if (reply.kind === 'error') return { status: 'ok', evidence, findings: [], service: { service: 'ident' } };
      const root = /^(root|SYSTEM|Administrator)$/i.test(reply.userId);
      return {
        status: 'ok',
        evidence,
        service: { service: 'ident' },
        findings: [
          {
            key: '',
            severity: 'medium',
            title: { en: 'Ident tells anyone which account runs a service', zh: 'Ident 向任何人透露服务的运行账号' },
            detail: {
              en: `Asked about our own connection to port ${held.remotePort}, the ident server answered that it belongs to "${reply.userId}" (${reply.os})${root ? ', a superuser: that service would be a prize to attack' : ''}. Real account names help password guessing and show which services run with which rights. Unless an IRC network or legacy mail setup needs it, stop the ident service; otherwise make it hide or randomise user names (oidentd: "force hide" or "random").`,
              zh: `询问我们自己到 ${held.remotePort} 端口的连接时，ident 服务回答它属于 "${reply.userId}"（${reply.os}）${root ? '，这是超级用户，该服务会成为重点攻击目标' : ''}。真实账号名有助于口令猜测，也暴露了各服务以什么权限运行。除非 IRC 网络或老式邮件系统确实需要，否则请停用 ident 服务；若必须保留，应让它隐藏或随机化用户名（oidentd：force hide 或 random）。`,
            },
            action: 'close',
            evidence,
          },
        ],
      };
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    } finally {
      held.close();
    }
  },
};
