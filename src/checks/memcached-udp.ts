/**
 * memcached-udp: sends one `stats` request in a UDP frame (8-byte header) and reports whether the server answers
 * over UDP. memcached over UDP answers a spoofed 15-byte request with kilobytes (and `get` of a large item with up
 * to a megabyte), which made it the record DDoS amplifier of 2018; memcached 1.5.6 turned UDP off by default.
 *
 * @output
 * 11211/udp memcached-udp: UDP enabled, 15-byte request → 3 datagrams (≈ 3,700 bytes), amplification ×250
 */
import { randomInt } from 'node:crypto';
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { exchangeDatagram } from '../protocols/net/datagram.js';
import { encodeUdpRequest, parseStats, parseUdpFrame, parseVersion } from '../protocols/memcached/codec.js';

export const check: Check = {
  id: 'memcached-udp',
  title: { en: 'memcached over UDP (amplification)', zh: 'memcached UDP 服务（反射放大）' },
  categories: ['safe', 'vuln'],
  references: ['CVE-2018-1000115', 'https://github.com/memcached/memcached/wiki/ReleaseNotes156'],
  applies: { transport: 'udp', ports: [11211], services: ['memcached'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const requestId = randomInt(1, 0xffff);
    const request = encodeUdpRequest(requestId, 'stats\r\n');
    try {
      const reply = await exchangeDatagram({
        host,
        port,
        payload: request,
        timeoutMs: ctx.timeoutMs,
        retries: 1,
        signal: ctx.signal,
        maxBytes: 2048,
        accept: (d) => parseUdpFrame(d)?.requestId === requestId,
      });
      if (reply === null) {
        return { status: 'ok', evidence: { udp: 'no reply' }, findings: [] };
      }
      const frame = parseUdpFrame(reply);
      if (frame === null) return { status: 'error', error: 'a malformed memcached UDP frame' };
      const stats = parseStats(frame.body);
      const version = stats['version'] ?? parseVersion(frame.body);
      if (version === null && Object.keys(stats).length === 0 && !/^(?:CLIENT_|SERVER_)?ERROR/.test(frame.body)) {
        return { status: 'not-applicable', reason: 'the UDP reply is not memcached' };
      }
      // Datagrams of a multi-packet reply are at most ~1,400 bytes; the first one's size times the total count
      // is a fair estimate of the whole reply.
      const estimated = reply.length * frame.total;
      const factor = Math.round(estimated / request.length);
      const evidence = {
        udp: 'enabled',
        version,
        requestBytes: request.length,
        firstDatagramBytes: reply.length,
        datagrams: frame.total,
        estimatedReplyBytes: estimated,
        amplification: factor,
      };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'high',
            title: {
              en: `memcached answers over UDP (amplification about ×${factor})`,
              zh: `memcached 开放 UDP 服务（放大倍数约 ${factor} 倍）`,
            },
            detail: {
              en: `A ${request.length}-byte stats request drew ${frame.total} datagram(s), about ${estimated} bytes. UDP has no handshake, so attackers send such requests with a victim's address and this server floods the victim; with large cached items the factor reaches tens of thousands. Start memcached with -U 0 (the default since 1.5.6) and block 11211/udp at the firewall.`,
              zh: `一个 ${request.length} 字节的 stats 请求换来了 ${frame.total} 个数据报、约 ${estimated} 字节的应答。UDP 没有握手，攻击者可以伪造受害者地址发送此类请求，让本服务器向受害者发起洪泛；若缓存了大条目，放大倍数可达数万倍。请以 -U 0 启动 memcached（1.5.6 起的默认值），并在防火墙上封禁 11211/udp。`,
            },
            action: 'harden',
            evidence,
          },
        ],
      };
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK' && /unreachable/.test(err.message)) {
        return { status: 'ok', evidence: { udp: 'closed' }, findings: [] };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
