/**
 * backdoor-banner: on ports where old trojans and bind shells live (99, 1024, the knowledge base's trojan ports and
 * classic backdoor ports), reads what the listener sends, then sends one bare newline and reads again. A shell
 * prompt, a Windows command-interpreter banner, a shell's job-control message or a known trojan banner means anyone
 * who connects gets a command line: critical. Nothing but a newline is ever sent.
 *
 * @output
 * 1024/tcp backdoor-banner: a shell prompt answers without a password ("$ ")
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { detectShell, printable } from '../protocols/shell/codec.js';

/** TCP ports whose knowledge-base entries name a trojan or backdoor from the reference (checked against the KB in the tests). */
export const KB_TROJAN_PORTS: readonly number[] = [21, 23, 25, 79, 80, 99, 110, 113, 1024];
/** Ports with no legitimate service, where the check always runs. */
const NO_SERVICE_PORTS: readonly number[] = [99, 1024];
/** Classic bind-shell ports: ingreslock (Metasploitable), vsftpd 2.3.4's backdoor, elite, Metasploit's default. */
const BIND_SHELL_PORTS: readonly number[] = [1524, 6200, 31337, 4444];

export const check: Check = {
  id: 'backdoor-banner',
  title: { en: 'Backdoor shell or trojan banner', zh: '后门 shell 或木马横幅' },
  categories: ['safe', 'discovery'],
  references: ['CVE-2011-2523', 'https://attack.mitre.org/techniques/T1059/'],
  applies: {
    transport: 'tcp',
    ports: [...new Set([...KB_TROJAN_PORTS, ...BIND_SHELL_PORTS])].sort((a, b) => a - b),
    services: ['shell', 'backdoor'],
  },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    // On a trojan port that identification found to carry its real protocol (FTP on 21, SMTP on 25, …), there is
    // nothing for this check: that protocol's own checks look at it.
    if (
      service !== null &&
      !['shell', 'backdoor', 'unknown', 'tcpwrapped'].includes(service.service) &&
      service.confidence > 3 &&
      !NO_SERVICE_PORTS.includes(port)
    ) {
      return { status: 'not-applicable', reason: `the port speaks ${service.service}` };
    }
    const wait = Math.min(ctx.timeoutMs, 2_000);
    let first: Uint8Array;
    let second: Uint8Array;
    try {
      ({ first, second } = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
        },
        async (s) => {
          const a = await s.readAvailable(wait, 4096);
          if (detectShell(Buffer.from(a).toString('latin1')) !== null || s.closed)
            return { first: a, second: new Uint8Array(0) };
          s.write('\n');
          return { first: a, second: await s.readAvailable(wait, 4096) };
        },
      ));
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    const text = Buffer.from(first).toString('latin1');
    const sign = detectShell(text) ?? detectShell(text + Buffer.from(second).toString('latin1'));
    const evidence = {
      banner: printable(first),
      afterNewline: printable(second),
      shell: sign?.kind ?? null,
      match: sign?.match ?? null,
      privileged: sign?.privileged ?? false,
    };
    if (sign === null) return { status: 'ok', evidence, findings: [] };
    const what =
      sign.kind === 'backdoor-banner'
        ? { en: 'a known trojan banner', zh: '已知木马的横幅' }
        : { en: 'a command shell', zh: '命令行 shell' };
    return {
      status: 'ok',
      evidence,
      service: { service: 'shell', banner: evidence.banner || evidence.afterNewline, extraInfo: sign.kind },
      findings: [
        {
          key: '',
          severity: 'critical',
          title: {
            en: `Port ${port} hands out ${what.en} without a password`,
            zh: `${port} 端口无需口令即提供${what.zh}`,
          },
          detail: {
            en: `Connecting to port ${port} produced "${sign.match}" (${sign.kind}${sign.privileged ? ', with superuser rights' : ''}): anyone who can reach it can run commands on this host. Treat the host as compromised: isolate it, find the process (ss -ltnp 'sport = :${port}' or Get-NetTCPConnection -LocalPort ${port}), keep evidence, and rebuild from clean media rather than only closing the port.`,
            zh: `连接 ${port} 端口后收到 "${sign.match}"（${sign.kind}${sign.privileged ? '，具有超级用户权限' : ''}）：任何能连上的人都能在这台主机上执行命令。请按已被入侵处理：隔离主机，找出对应进程（ss -ltnp 'sport = :${port}' 或 Get-NetTCPConnection -LocalPort ${port}），保留证据，并用干净介质重装系统，而不只是关闭端口。`,
          },
          action: 'close',
          evidence,
        },
      ],
    };
  },
};
