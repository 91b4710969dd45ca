/**
 * ftp-pasv-third-host: logs in (anonymously, or with `ftp.user`/`ftp.password` arguments), asks for PASV and
 * compares the address in the 227 reply with the address we connected to. It never connects to the address named:
 * a server that sends clients elsewhere is misconfigured behind NAT, leaks an internal address, or is hostile.
 *
 * @output
 * 21/tcp ftp-pasv-third-host: PASV names 10.0.0.5:40025, not 203.0.113.21 (internal address disclosed)
 */
import { isIP } from 'node:net';
import type { Check, Evidence } from './types.js';
import { replyText } from '../protocols/ftp/codec.js';
import { anonymousLogin, networkFailure, withFtp } from '../protocols/ftp/client.js';

/** RFC 1918, loopback, link-local and CGNAT addresses: ones that only mean something inside a site. */
export function isInternalIPv4(a: string): boolean {
  const [x = -1, y = -1] = a.split('.').map(Number);
  return (
    x === 10 ||
    x === 127 ||
    (x === 172 && y >= 16 && y <= 31) ||
    (x === 192 && y === 168) ||
    (x === 169 && y === 254) ||
    (x === 100 && y >= 64 && y <= 127)
  );
}

export const check: Check = {
  id: 'ftp-pasv-third-host',
  title: { en: 'FTP passive mode points at another host', zh: 'FTP 被动模式指向其他主机' },
  categories: ['safe'],
  references: ['RFC 959', 'RFC 2577', 'RFC 1123'],
  applies: { transport: 'tcp', ports: [21], services: ['ftp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    if (isIP(host) !== 4)
      return { status: 'not-applicable', reason: 'PASV names only IPv4 addresses; over IPv6 EPSV names a port alone' };
    try {
      return await withFtp({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, async (s) => {
        if (s.greeting.code !== 220)
          return { status: 'not-applicable', reason: `the greeting is ${s.greeting.code}, not 220` };
        const user = ctx.args['ftp.user'];
        const login =
          user === undefined
            ? await anonymousLogin(s)
            : await s.login(user, ctx.args['ftp.password'] ?? '').then(({ user: u, pass }) => {
                const reply = pass ?? u;
                return { ok: reply.code === 230 || reply.code === 202, reply };
              });
        if (!login.ok) {
          return {
            status: 'not-applicable',
            reason: `PASV needs a session and the login was refused (${login.reply.code}); pass ftp.user and ftp.password`,
          };
        }
        const pasv = await s.command('PASV');
        const m = /(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3})/.exec(
          pasv.lines.join(' '),
        );
        if (pasv.code !== 227 || m === null) {
          return {
            status: 'ok',
            evidence: { pasvReply: `${pasv.code} ${replyText(pasv)}`, pasvHost: null },
            findings: [],
          };
        }
        const named = m.slice(1, 5).join('.');
        const dataPort = Number(m[5]) * 256 + Number(m[6]);
        const evidence: Evidence = {
          pasvReply: `${pasv.code} ${replyText(pasv)}`,
          pasvHost: named,
          pasvPort: dataPort,
          connectedTo: host,
        };
        if (named === host || named === '0.0.0.0') return { status: 'ok', evidence, findings: [] };
        const internal = isInternalIPv4(named);
        return {
          status: 'ok',
          evidence,
          findings: [
            {
              key: '',
              severity: internal ? 'low' : 'medium',
              title: { en: 'PASV reply names a different host', zh: 'PASV 应答给出了另一台主机的地址' },
              detail: internal
                ? {
                    en: `Connected to ${host}, the server told the client to open its data connection to ${named}:${dataPort}, an internal address. It discloses the site's internal addressing and breaks clients that follow it; the server is behind NAT without its public address configured (vsftpd: pasv_address; ProFTPD: MasqueradeAddress).`,
                    zh: `连接的是 ${host}，服务器却让客户端把数据连接建到内部地址 ${named}:${dataPort}。这会暴露内部网络地址，并使照此连接的客户端失败；说明服务器位于 NAT 之后却没有配置公网地址（vsftpd：pasv_address；ProFTPD：MasqueradeAddress）。`,
                  }
                : {
                    en: `Connected to ${host}, the server told the client to open its data connection to ${named}:${dataPort}, a different host. A client that follows it sends data to, or reads data from, a machine it never chose. portwarden did not connect there. Correct pasv_address (or its equivalent) to the server's own address.`,
                    zh: `连接的是 ${host}，服务器却让客户端把数据连接建到另一台主机 ${named}:${dataPort}。照此连接的客户端会向一台自己并未选择的机器发送或读取数据。portwarden 没有连接该地址。请把 pasv_address（或同类设置）改为服务器自身的地址。`,
                  },
              action: 'harden',
              evidence,
            },
          ],
        };
      });
    } catch (err) {
      return networkFailure(err);
    }
  },
};
