/**
 * ntp-monlist: sends one mode 7 MON_GETLIST_1 request (what `ntpdc -c monlist` sends). ntpd before 4.2.7p26
 * answers with up to 600 recent clients in up to 100 datagrams: a 48-byte spoofed request returns tens of
 * kilobytes to the victim (CVE-2013-5211), the classic NTP amplification DDoS. It also lists who uses the server.
 * NTPsec and chrony have no mode 7.
 *
 * @output
 * 123/udp ntp-monlist: high — monlist answered: 48 bytes in, 4,392 bytes out in 10 datagrams (91.5×), 60 clients
 */
import type { Check, CheckFinding } from './types.js';
import { MODE7_ERRORS } from '../protocols/ntp/codec.js';
import { ntpMonlist } from '../protocols/ntp/client.js';

export const check: Check = {
  id: 'ntp-monlist',
  title: { en: 'NTP monlist (mode 7) amplification', zh: 'NTP monlist（模式 7）放大' },
  categories: ['safe', 'vuln'],
  references: [
    'CVE-2013-5211',
    'https://www.cisa.gov/news-events/alerts/2014/01/13/ntp-amplification-attacks-using-cve-2013-5211',
    'RFC 8633 §3.2',
  ],
  applies: { transport: 'udp', ports: [123], services: ['ntp'] },
  async run(ctx) {
    let result: Awaited<ReturnType<typeof ntpMonlist>>;
    try {
      result = await ntpMonlist({
        host: ctx.target.host,
        port: ctx.target.port,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (result === null) {
      return { status: 'ok', evidence: { mode7: 'no answer' }, findings: [] };
    }
    const entries = result.replies.flatMap((r) => r.entries);
    const error = result.replies.find((r) => r.error !== 0)?.error ?? 0;
    const factor = Math.round((result.replyBytes / result.requestBytes) * 10) / 10;
    const sample = entries.slice(0, 10).map((e) => `${e.address}:${e.port}`);
    const evidence = {
      mode7: 'answered',
      error: MODE7_ERRORS[error] ?? String(error),
      requestBytes: result.requestBytes,
      replyBytes: result.replyBytes,
      datagrams: result.datagrams,
      amplification: factor,
      clients: entries.length,
      sampleClients: sample.join(', '),
    };
    const findings: CheckFinding[] = [];
    if (error === 0) {
      findings.push({
        key: '',
        severity: 'high',
        title: {
          en: `monlist answered: ${result.requestBytes} bytes in, ${result.replyBytes} bytes out (${factor}×)`,
          zh: `monlist 有应答：请求 ${result.requestBytes} 字节，应答 ${result.replyBytes} 字节（${factor} 倍）`,
        },
        detail: {
          en: `The server answered the monitor-list request with ${result.datagrams} datagram(s) listing ${entries.length} recent client(s). Attackers send this request with the victim's address forged and the server floods the victim (CVE-2013-5211); the list also reveals who uses the server. Upgrade ntpd to 4.2.7p26 or later (or NTPsec/chrony), or add "disable monitor" and "restrict default noquery" to ntp.conf, and filter 123/udp from the Internet if the host is not a public time server.`,
          zh: `服务器对监控列表请求返回了 ${result.datagrams} 个数据报，列出 ${entries.length} 个最近的客户端。攻击者伪造受害者地址发送该请求，服务器便会向受害者倾泻流量（CVE-2013-5211）；该列表还会暴露哪些主机在使用此服务器。请将 ntpd 升级到 4.2.7p26 或更高版本（或改用 NTPsec/chrony），或在 ntp.conf 中加入 "disable monitor" 和 "restrict default noquery"；若主机不是公共授时服务器，应在边界过滤 123/udp。`,
        },
        action: 'harden',
        evidence,
      });
    } else {
      findings.push({
        key: 'mode7',
        severity: 'low',
        title: {
          en: `ntpd answers mode 7 requests (monlist refused: ${evidence.error})`,
          zh: `ntpd 应答模式 7 请求（monlist 被拒绝：${evidence.error}）`,
        },
        detail: {
          en: 'The server refused the monitor list but still answers ntpdc (mode 7) requests, a legacy interface of ntpd before 4.2.8 with a history of flaws (CVE-2013-5211, CVE-2015-7848). Add "restrict default noquery" and upgrade to a current ntpd, NTPsec or chrony.',
          zh: '服务器拒绝了监控列表，但仍会应答 ntpdc（模式 7）请求。这是 4.2.8 之前 ntpd 的遗留接口，曾多次出现漏洞（CVE-2013-5211、CVE-2015-7848）。请加入 "restrict default noquery"，并升级到当前版本的 ntpd、NTPsec 或 chrony。',
        },
        action: 'harden',
        evidence,
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
