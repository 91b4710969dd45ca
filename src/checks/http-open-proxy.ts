/**
 * http-open-proxy (intrusive): asks the port to act as a forward proxy. It sends an absolute-form
 * `GET http://<test URL>` and a `CONNECT <host>:<port>`. By default the test URL is the scanned port itself
 * (http://<host>:<port>/), so nothing leaves the target; `proxy.url=http://host:port/path` picks another URL and
 * `proxy.match=<text>` a string its page must contain. A proxy that fetches for us, or opens a tunnel, is open:
 * anyone can hide behind it, reach hosts behind it, or use it for spam and fraud.
 *
 * @output
 * 8888/tcp http-open-proxy: high — forwards GET http://203.0.113.224:8080/ (Via: 1.1 tinyproxy) and CONNECT 203.0.113.221:8888
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { HTTP_SERVICES, httpFailure, httpTargetFor } from '../protocols/http/client.js';
import { proxyConnect, proxyGet } from '../protocols/proxy/client.js';

function authorityOf(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export const check: Check = {
  id: 'http-open-proxy',
  title: { en: 'Open HTTP proxy', zh: '开放的 HTTP 代理' },
  categories: ['intrusive'],
  references: ['RFC 9110 §9.3.6', 'RFC 9112 §3.2.2', 'https://wiki.squid-cache.org/SquidFaq/SecurityPitfalls'],
  applies: {
    transport: 'tcp',
    ports: [3128, 8080, 8118, 8888, 8000, 8081, 1080, 3129],
    services: [...HTTP_SERVICES, 'squid-http'],
  },
  async run(ctx) {
    if (!ctx.intrusive) {
      return { status: 'not-applicable', reason: 'relaying through the target is intrusive: run with --intrusive' };
    }
    const { host, port, service } = ctx.target;
    const target = { ...httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal), maxBytes: 64 * 1024 };
    const url = ctx.args['proxy.url'] ?? `http://${authorityOf(host, port)}/`;
    const match = ctx.args['proxy.match'] ?? null;
    const parsed = /^http:\/\/((?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?)\//.exec(url);
    if (parsed === null) return { status: 'error', error: `proxy.url must be http://host[:port]/path, not ${url}` };
    const authority = parsed[2] === undefined ? `${parsed[1] ?? ''}:80` : (parsed[1] ?? '');
    let getStatus: number;
    let via: string | null;
    let matched: boolean | null;
    let connect: Awaited<ReturnType<typeof proxyConnect>> | null = null;
    try {
      const r = await proxyGet(target, url);
      getStatus = r.status;
      via = header(r, 'via') ?? header(r, 'x-cache') ?? null;
      matched = match === null ? null : Buffer.from(r.body).toString('latin1').includes(match);
    } catch (err) {
      return httpFailure(err);
    }
    try {
      connect = await proxyConnect(target, authority);
    } catch {
      connect = null;
    }
    // A plain web server answers an absolute-form request for its own URL itself: only a Via/X-Cache header or
    // the expected content from another URL shows that the request was forwarded.
    const forwarded = getStatus >= 200 && getStatus < 400 && (matched ?? via !== null);
    const tunnelled = connect !== null && connect.status >= 200 && connect.status < 300;
    const evidence = {
      url,
      getStatus,
      via,
      matched,
      connect: authority,
      connectStatus: connect?.status ?? null,
      tunnelReply: connect?.tunnelReply ?? null,
    };
    const findings: CheckFinding[] = [];
    if (forwarded || tunnelled) {
      const what = [forwarded ? `GET ${url}` : null, tunnelled ? `CONNECT ${authority}` : null]
        .filter((w) => w !== null)
        .join(', ');
      findings.push({
        key: '',
        severity: 'high',
        title: { en: `Open proxy: relays ${what}`, zh: `开放代理：会转发 ${what}` },
        detail: {
          en: `The service relayed ${what} for us without asking for credentials${via === null ? '' : ` (Via: ${via})`}. Anyone who reaches it can browse through it under this address, reach internal hosts and services behind it, and tunnel other protocols (spam over SMTP, fraud). Accept clients only from the networks it serves (Squid: http_access allow localnet, then http_access deny all; tinyproxy: Allow lines), require proxy authentication, and limit CONNECT to port 443.`,
          zh: `该服务未要求任何凭据就为我们转发了 ${what}${via === null ? '' : `（Via: ${via}）`}。任何能连到它的人都可以借本机地址上网、访问其背后的内网主机和服务，并通过隧道承载其他协议（经 SMTP 发垃圾邮件、实施欺诈）。应只接受其服务网段的客户端（Squid：http_access allow localnet 后接 http_access deny all；tinyproxy：Allow 指令），启用代理认证，并把 CONNECT 限制在 443 端口。`,
        },
        action: 'restrict',
        evidence,
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
