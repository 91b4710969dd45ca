/**
 * ftp-data-listener: port 20 is where an FTP server's active-mode data connections come from, not a service
 * anyone connects to. Something accepting connections there is reported with what it says first.
 *
 * @output
 * 20/tcp ftp-data-listener: a service listens on port 20 and greets "220 (vsFTPd 3.0.3)" (an FTP server)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { printable } from '../protocols/shell/codec.js';

export const check: Check = {
  id: 'ftp-data-listener',
  title: { en: 'Listener on the FTP data port', zh: 'FTP 数据端口上的监听' },
  categories: ['safe', 'discovery'],
  references: ['RFC 959'],
  applies: { transport: 'tcp', ports: [20] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let banner: string;
    try {
      banner = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 16 * 1024 },
        },
        async (s) => printable(await s.readAvailable(Math.min(ctx.timeoutMs, 3_000), 1024)),
      );
    } catch (err) {
      if (err instanceof NetworkError && /refused/i.test(err.message))
        return { status: 'not-applicable', reason: 'nothing listens on the port' };
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    const ftp = /^220[ -]/.test(banner);
    const evidence = { banner, ftpGreeting: ftp };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: { en: 'A service listens on TCP port 20', zh: 'TCP 20 端口上有服务在监听' },
          detail: {
            en: `Port 20 is only the source port of active-mode FTP data connections; nothing standard listens on it. This listener ${ftp ? 'is an FTP server moved to the wrong port' : banner === '' ? 'sent nothing' : `greets "${banner.slice(0, 80)}"`}. Firewalls often trust traffic from port 20, so a service here is both unexpected and easy to overlook. Find the program (ss -ltnp 'sport = :20') and remove or move it.`,
            zh: `20 端口只是主动模式 FTP 数据连接的源端口，任何标准服务都不会在此监听。该监听${ftp ? '是一个被错放到此端口的 FTP 服务器' : banner === '' ? '连上后没有发送任何内容' : `的欢迎信息为 "${banner.slice(0, 80)}"`}。防火墙常常信任来自 20 端口的流量，这里的服务既反常又容易被忽视。请找出对应程序（ss -ltnp 'sport = :20'）并将其移除或改到合适端口。`,
          },
          action: 'close',
          evidence,
        },
      ],
      ...(ftp && { service: { service: 'ftp', banner } }),
    };
  },
};
