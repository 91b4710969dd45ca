/**
 * http-https-redirect: on a plain-HTTP port, fetches / and tells whether the server sends the client to HTTPS.
 * Flags content served in clear text instead, more severely when the page holds a password field or the server
 * asks for HTTP Basic/Digest credentials over plain HTTP.
 *
 * @output
 * 80/tcp http-https-redirect: 200, no redirect — medium: login form served over plain HTTP
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

export const check: Check = {
  id: 'http-https-redirect',
  title: { en: 'HTTP to HTTPS redirect', zh: 'HTTP 到 HTTPS 的重定向' },
  categories: ['safe'],
  references: ['RFC 9110 §15.4', 'RFC 6797 §7.2', 'RFC 7617 §4'],
  applies: { transport: 'tcp', ports: [80, 8000, 8008, 8080, 8888], services: ['http', 'http-alt'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    if (target.tls) return { status: 'not-applicable', reason: 'the port already speaks TLS' };
    let res;
    try {
      res = await httpRequest(target, 'GET', '/');
    } catch (err) {
      return httpFailure(err);
    }
    const location = header(res, 'location') ?? null;
    const redirects = res.status >= 300 && res.status < 400 && location !== null && /^https:\/\//i.test(location);
    const auth = header(res, 'www-authenticate') ?? null;
    const body = Buffer.from(res.body).toString('latin1');
    const passwordField = /<input\b[^>]*\btype\s*=\s*["']?password/i.test(body);
    const evidence = {
      status: res.status,
      location,
      redirectsToHttps: redirects,
      passwordField,
      wwwAuthenticate: auth,
    };
    const findings: CheckFinding[] = [];
    if (res.status === 401 && auth !== null && /^\s*(basic|digest)\b/i.test(auth)) {
      findings.push({
        key: 'cleartext-auth',
        severity: 'medium',
        title: { en: 'Password requested over plain HTTP', zh: '通过明文 HTTP 索要口令' },
        detail: {
          en: `The server asks for credentials (${auth.split(/\s/)[0] ?? ''}) on an unencrypted connection: Basic sends the password in clear text (RFC 7617 §4), Digest is open to offline guessing. Serve the site over HTTPS only and redirect port ${port} there.`,
          zh: `服务器在未加密的连接上索要凭据（${auth.split(/\s/)[0] ?? ''}）：Basic 以明文发送口令（RFC 7617 §4），Digest 也可被离线猜测。应只通过 HTTPS 提供该站点，并把 ${port} 端口重定向过去。`,
        },
        action: 'harden',
        evidence: { wwwAuthenticate: auth },
      });
    } else if (res.status >= 200 && res.status < 300) {
      findings.push({
        key: 'no-redirect',
        severity: passwordField ? 'medium' : 'low',
        title: passwordField
          ? { en: 'Login form served over plain HTTP', zh: '登录表单通过明文 HTTP 提供' }
          : {
              en: 'Content served over plain HTTP, no redirect to HTTPS',
              zh: '通过明文 HTTP 提供内容，未重定向到 HTTPS',
            },
        detail: {
          en: `${passwordField ? 'The page has a password field, so passwords cross the network in clear text. ' : ''}Anyone on the path can read and change what this port serves. Redirect every request to HTTPS (nginx: return 301 https://$host$request_uri;) except ACME challenges, and send HSTS from the HTTPS site.`,
          zh: `${passwordField ? '该页面含有口令输入框，口令会以明文在网络上传输。' : ''}路径上的任何人都能读取和篡改此端口提供的内容。除 ACME 验证外，应把所有请求重定向到 HTTPS（nginx：return 301 https://$host$request_uri;），并在 HTTPS 站点上发送 HSTS。`,
        },
        action: 'harden',
        evidence: { status: res.status, passwordField },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
