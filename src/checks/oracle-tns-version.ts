/**
 * oracle-tns-version: sends the listener the VERSION command that `lsnrctl version` uses, in a TNS CONNECT. A
 * listener answers with its banner ("TNSLSNR for Linux: Version 19.0.0.0.0 - Production") or, when remote
 * administration is refused (10g and later), with a REFUSE whose descriptor still carries VSNNUM, the encoded
 * version, and the error (TNS-01189/12618). Either way the port is an Oracle listener and its release is known.
 *
 * @output
 * 1521/tcp oracle-tns-version: Oracle TNS listener 11.2.0.1.0 (remote commands refused, ERR=1189)
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream } from '../protocols/net/stream.js';
import { connect } from '../protocols/tns/client.js';
import { decodeVsnnum, descriptorValue, versionDescriptor } from '../protocols/tns/codec.js';

export const check: Check = {
  id: 'oracle-tns-version',
  title: { en: 'Oracle TNS listener version', zh: 'Oracle TNS 监听器版本' },
  categories: ['safe', 'discovery'],
  references: [
    'https://docs.oracle.com/en/database/oracle/oracle-database/19/netrf/oracle-net-listener-control-utility.html',
    'https://www.oracle.com/security-alerts/alert-cve-2012-1675.html',
    'CVE-2012-1675',
  ],
  applies: { transport: 'tcp', ports: [1521, 1522, 1526, 2483], services: ['oracle-tns', 'oracle'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 128 * 1024 },
        },
        async (s) => {
          const { answer, data } = await connect(s, versionDescriptor(host, port), ctx.timeoutMs);
          const text =
            answer.type === 'refuse' || answer.type === 'redirect' || answer.type === 'accept' ? answer.data : '';
          const all = `${text}${data ?? ''}`;
          const vsn = descriptorValue(all, 'VSNNUM');
          const fromVsn = vsn === null ? null : decodeVsnnum(Number(vsn));
          const banner = /TNSLSNR for ([^:]+): Version ([0-9.]+)[^\r\n()]*/.exec(all);
          const version = banner?.[2] ?? fromVsn;
          const err = descriptorValue(all, 'ERR');
          const evidence = {
            answer: answer.type,
            version,
            platform: banner?.[1]?.trim().slice(0, 60) ?? null,
            banner: banner?.[0].slice(0, 200) ?? null,
            vsnnum: vsn,
            error: err,
          };
          if (answer.type === 'other' || answer.type === 'data' || (all === '' && answer.type !== 'accept')) {
            return { status: 'not-applicable', reason: `an unexpected TNS answer (${answer.type})` };
          }
          const findings: CheckFinding[] = [];
          if (answer.type === 'accept' && banner !== null) {
            // Pre-10g listeners (and those with LOCAL_OS_AUTHENTICATION off) obey remote administration commands.
            findings.push({
              key: 'remote-commands',
              severity: 'high',
              title: { en: 'Oracle listener obeys remote commands', zh: 'Oracle 监听器接受远程管理命令' },
              detail: {
                en: 'The listener ran the VERSION command for a remote client. A listener that obeys remote commands can usually also be stopped, have its log file redirected (SET LOG_FILE, a classic way to write files as the oracle user) or be queried for its services without a password. Set a listener password or, on 10g and later, keep local OS authentication (the default) and restrict 1521 with valid node checking (TCP.VALIDNODE_CHECKING) and the firewall.',
                zh: '监听器为远程客户端执行了 VERSION 命令。接受远程命令的监听器通常也可以被远程停止、被改写日志文件路径（SET LOG_FILE，这是以 oracle 用户写文件的经典手法），或在没有口令的情况下被查询服务列表。请设置监听器口令，或在 10g 及以后版本保持本地操作系统认证（默认），并用有效节点检查（TCP.VALIDNODE_CHECKING）和防火墙限制 1521 端口。',
              },
              action: 'harden',
              evidence,
            });
          }
          return {
            status: 'ok',
            evidence,
            findings,
            service: { service: 'oracle-tns', product: 'Oracle TNS listener', ...(version !== null && { version }) },
          };
        },
      );
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /not TNS/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
