/**
 * pop2-banner — reads the greeting of a POP2 server (RFC 937, `+ POP2 <host> server ready`). POP2 has been
 * obsolete since 1988: it has no encryption and sends the password with the login command, so a server that
 * answers is itself the finding.
 *
 * Output (UW ipop2d):
 *   evidence: greeting "+ POP2 mail.example.org v2001.78 server ready", version "v2001.78"
 *   finding (high): an obsolete POP2 server is running
 */
import type { Check, CheckOutcome } from './types.js';
import { openStream } from '../protocols/net/stream.js';
import { parsePop2Greeting } from '../protocols/pop2/codec.js';

export const check: Check = {
  id: 'pop2-banner',
  title: { en: 'POP2 greeting', zh: 'POP2 欢迎信息' },
  categories: ['safe', 'discovery'],
  references: ['RFC 937', 'RFC 1939', 'RFC 8314'],
  applies: { transport: 'tcp', ports: [109], services: ['pop2'] },
  async run(ctx): Promise<CheckOutcome> {
    const { host, port } = ctx.target;
    let line: string;
    try {
      const stream = await openStream({
        host,
        port,
        signal: ctx.signal,
        limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 8192 },
      });
      try {
        line = await stream.readLine(1024);
        // RFC 937 has QUIT; say goodbye rather than just dropping the connection.
        stream.write('QUIT\r\n');
      } finally {
        stream.close();
      }
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const greeting = parsePop2Greeting(line);
    const shown = line
      .replace(/\r?\n$/, '')
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 200);
    if (greeting === null) return { status: 'not-applicable', reason: `not a POP2 greeting: ${JSON.stringify(shown)}` };
    const evidence = { greeting: shown, ready: greeting.ok, host: greeting.host, version: greeting.version };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'high',
          title: { en: 'An obsolete POP2 server is running', zh: '正在运行已淘汰的 POP2 服务' },
          detail: {
            en:
              `The port answers "${shown}". POP2 (RFC 937, 1985) was replaced by POP3 in 1988; it has no encryption ` +
              'and sends the mailbox password with its login command, and the daemons that still speak it (UW ' +
              'ipop2d) are unmaintained. Nothing needs it today: remove it (disable its inetd/xinetd entry) and ' +
              'close port 109.',
            zh:
              `该端口的应答为“${shown}”。POP2（RFC 937，1985 年）早在 1988 年就被 POP3 取代；它不支持加密，登录命令直接携带邮箱口令，` +
              '仍支持它的守护进程（UW ipop2d）也已无人维护。如今没有任何用途需要它：请将其移除（停用 inetd/xinetd 中的条目），' +
              '并关闭 109 端口。',
          },
          action: 'close',
          evidence,
        },
      ],
      service: {
        service: 'pop2',
        banner: shown,
        ...(greeting.version !== null && { version: greeting.version }),
      },
    };
  },
};
