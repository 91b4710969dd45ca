/**
 * ntp-info: asks the server for the time (mode 3, RFC 5905) and for its system variables (mode 6 READVAR, what
 * `ntpq -c rv` sends). The time reply gives stratum, reference, precision and root delay/dispersion; a mode 6
 * answer gives the daemon's version string and OS, and shows that anyone may query it: mode 6 leaks the build and
 * peers, and its replies are many times larger than the request (a reflection vector).
 *
 * @output
 * 123/udp ntp-info: NTPv4 stratum 3 (ref 203.0.113.1), precision 2^-23; mode 6: ntpd ntpsec-1.2.2 on Linux/6.1.0
 */
import type { Check, CheckFinding } from './types.js';
import { ntpShortMs } from '../protocols/ntp/codec.js';
import { ntpReadvar, ntpTime } from '../protocols/ntp/client.js';

function failure(err: unknown): { status: 'error'; error: string } {
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
}

export const check: Check = {
  id: 'ntp-info',
  title: { en: 'NTP server information', zh: 'NTP 服务器信息' },
  categories: ['safe', 'discovery'],
  references: ['RFC 5905', 'RFC 9327', 'RFC 8633 §3.2', 'https://www.ntp.org/documentation/4.2.8-series/accopt/'],
  applies: { transport: 'udp', ports: [123], services: ['ntp'] },
  async run(ctx) {
    const endpoint = {
      host: ctx.target.host,
      port: ctx.target.port,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    };
    let time: Awaited<ReturnType<typeof ntpTime>>;
    let readvar: Awaited<ReturnType<typeof ntpReadvar>>;
    try {
      time = await ntpTime(endpoint);
    } catch (err) {
      return failure(err);
    }
    try {
      readvar = await ntpReadvar(endpoint);
    } catch (err) {
      // A server may refuse mode 6 with an ICMP error while it answers mode 3: that is "no mode 6".
      if (time === null) return failure(err);
      readvar = null;
    }
    if (time === null && readvar === null) return { status: 'not-applicable', reason: 'no NTP reply' };
    const vars = readvar?.variables ?? null;
    const daemon = vars?.['version'] ?? null;
    const system = vars?.['system'] ?? null;
    const evidence = {
      version: time?.reply.version ?? null,
      stratum: time?.reply.stratum ?? (vars?.['stratum'] !== undefined ? Number(vars['stratum']) : null),
      refId: time?.reply.refId ?? vars?.['refid'] ?? null,
      leap: time?.reply.leap ?? null,
      precision: time?.reply.precision ?? null,
      rootDelayMs: time === null ? null : ntpShortMs(time.raw, 4),
      rootDispersionMs: time === null ? null : ntpShortMs(time.raw, 8),
      serverTime: time === null || time.reply.transmitMs === 0 ? null : new Date(time.reply.transmitMs).toISOString(),
      mode6: readvar === null ? 'no answer' : readvar.error ? 'error reply' : 'answered',
      daemon,
      system,
      processor: vars?.['processor'] ?? null,
      mode6RequestBytes: readvar?.requestBytes ?? null,
      mode6ReplyBytes: readvar?.replyBytes ?? null,
      mode6Fragments: readvar?.fragments ?? null,
    };
    const findings: CheckFinding[] = [];
    if (readvar !== null && !readvar.error) {
      const factor = Math.round((readvar.replyBytes / readvar.requestBytes) * 10) / 10;
      const what = [daemon, system].filter((v) => v !== null).join(' on ');
      findings.push({
        key: 'mode6',
        severity: 'medium',
        title: {
          en: `NTP answers mode 6 queries from anyone${what === '' ? '' : ` (${what})`}`,
          zh: `NTP 服务对任意来源应答模式 6 查询${what === '' ? '' : `（${what}）`}`,
        },
        detail: {
          en: `A READVAR request of ${readvar.requestBytes} bytes drew ${readvar.replyBytes} bytes in ${readvar.fragments} datagram(s) (about ${factor}×): the daemon tells its exact version, operating system and upstream servers to anyone, and spoofed mode 6 queries turn it into a traffic reflector. Serving time does not need mode 6: answer only time requests from the network (ntpd/ntpsec: restrict default kod limited nomodify nopeer noquery, with a separate restrict line for the hosts that administer it; chrony does not answer mode 6 at all).`,
          zh: `一个 ${readvar.requestBytes} 字节的 READVAR 请求换来了 ${readvar.replyBytes} 字节、共 ${readvar.fragments} 个数据报的应答（约 ${factor} 倍）：守护进程会向任何人透露其确切版本、操作系统和上游服务器，伪造源地址的模式 6 查询还能把它变成流量反射器。授时并不需要模式 6：只对网络应答授时请求（ntpd/ntpsec：restrict default kod limited nomodify nopeer noquery，并为管理主机单独写一条 restrict；chrony 根本不应答模式 6）。`,
        },
        action: 'harden',
        evidence: {
          daemon,
          system,
          requestBytes: readvar.requestBytes,
          replyBytes: readvar.replyBytes,
          fragments: readvar.fragments,
          amplification: factor,
        },
      });
    }
    const product = daemon === null ? null : productOf(daemon);
    return {
      status: 'ok',
      evidence,
      findings,
      service: {
        service: 'ntp',
        ...(product !== null && { product: product.product }),
        ...(product?.version != null && { version: product.version }),
        ...(system !== null && { extraInfo: system }),
      },
    };
  },
};

/** The product and version in a mode 6 `version` variable ('ntpd ntpsec-1.2.2 …', 'ntpd 4.2.8p15@1.3728-o …'). */
export function productOf(version: string): { product: string; version: string | null } {
  const sec = /ntpsec-([0-9][0-9A-Za-z.+~-]*)/.exec(version);
  if (sec !== null) return { product: 'NTPsec ntpd', version: sec[1] ?? null };
  const classic = /\bntpd\s+([0-9]+\.[0-9]+\.[0-9]+(?:p[0-9]+)?)/.exec(version);
  if (classic !== null) return { product: 'ntpd', version: classic[1] ?? null };
  return { product: version.split(/\s/)[0] ?? version, version: null };
}
