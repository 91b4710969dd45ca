/**
 * http-headers: fetches / and reports what the response headers tell: the product and version (Server,
 * X-Powered-By, X-AspNet-Version, …) and the security headers. Flags version disclosure, HTTPS without
 * Strict-Transport-Security, and pages served without X-Content-Type-Options or framing protection.
 *
 * @output
 * 443/tcp http-headers: Server nginx/1.22.1 — low: version disclosed; low: no Strict-Transport-Security
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { HTTP_PORTS, HTTP_SERVICES, httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

/** Headers that name the software behind the site. */
const PRODUCT_HEADERS = [
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-jenkins',
  'x-runtime',
  'x-version',
];

/** Product and version from a Server value such as "nginx/1.22.1 (Debian)" or "Apache/2.4.62 (Debian)". */
export function serverProduct(value: string): { product: string; version: string | null } {
  const m = /^([A-Za-z][\w .-]*?)(?:\/([\w.-]+))?(?:\s|$)/.exec(value.trim());
  return { product: m?.[1] ?? value.trim(), version: m?.[2] ?? null };
}

export const check: Check = {
  id: 'http-headers',
  title: { en: 'HTTP response headers', zh: 'HTTP 响应头' },
  categories: ['safe', 'discovery'],
  references: ['RFC 9110 §10.2.4', 'RFC 6797', 'OWASP Secure Headers Project'],
  applies: { transport: 'tcp', ports: HTTP_PORTS, services: HTTP_SERVICES },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    let res;
    try {
      res = await httpRequest(target, 'GET', '/');
    } catch (err) {
      return httpFailure(err);
    }
    const server = header(res, 'server') ?? null;
    const hsts = header(res, 'strict-transport-security') ?? null;
    const csp = header(res, 'content-security-policy') ?? null;
    const xfo = header(res, 'x-frame-options') ?? null;
    const xcto = header(res, 'x-content-type-options') ?? null;
    const evidence: Record<string, string | number | boolean | null> = {
      status: res.status,
      tls: target.tls,
      server,
      strictTransportSecurity: hsts,
      contentSecurityPolicy: csp,
      xFrameOptions: xfo,
      xContentTypeOptions: xcto,
    };
    const disclosed: string[] = [];
    for (const name of PRODUCT_HEADERS) {
      const v = header(res, name);
      if (v !== undefined) {
        evidence[name] = v;
        disclosed.push(`${name}: ${v}`);
      }
    }
    if (server !== null && /\d/.test(server)) disclosed.unshift(`server: ${server}`);
    const findings: CheckFinding[] = [];
    if (disclosed.length > 0) {
      findings.push({
        key: 'version-disclosure',
        severity: 'low',
        title: { en: 'Software and version disclosed in headers', zh: '响应头泄露了软件及版本' },
        detail: {
          en: `The response names its software: ${disclosed.join('; ')}. This lets scanners match the server against known vulnerabilities without probing. Hide it (nginx server_tokens off; Apache ServerTokens Prod; PHP expose_php = Off) and keep the software patched.`,
          zh: `响应中写明了所用软件：${disclosed.join('；')}。扫描器无需探测就能把服务器与已知漏洞对应起来。应隐藏这些信息（nginx：server_tokens off;；Apache：ServerTokens Prod；PHP：expose_php = Off），并及时更新软件。`,
        },
        action: 'harden',
        evidence: { disclosed: disclosed.join('; ') },
      });
    }
    const maxAge = hsts === null ? null : Number(/max-age\s*=\s*"?(\d+)/i.exec(hsts)?.[1] ?? 0);
    if (target.tls && res.status < 500 && (maxAge === null || maxAge === 0)) {
      findings.push({
        key: 'no-hsts',
        severity: 'low',
        title: { en: 'HTTPS without Strict-Transport-Security', zh: 'HTTPS 站点未设置 Strict-Transport-Security' },
        detail: {
          en: 'Without HSTS (RFC 6797) a browser that is sent to the http:// address first can be kept on plain HTTP by an attacker on the path (SSL stripping). Send Strict-Transport-Security: max-age=31536000; includeSubDomains from the HTTPS site.',
          zh: '没有 HSTS（RFC 6797）时，先访问 http:// 地址的浏览器可能被路径上的攻击者一直留在明文 HTTP 上（SSL 剥离攻击）。应在 HTTPS 站点上发送 Strict-Transport-Security: max-age=31536000; includeSubDomains。',
        },
        action: 'harden',
        evidence: { strictTransportSecurity: hsts },
      });
    }
    const html = /text\/html/i.test(header(res, 'content-type') ?? '');
    const framing = xfo !== null || (csp !== null && /frame-ancestors/i.test(csp));
    const missing = [
      ...(xcto === null || !/nosniff/i.test(xcto) ? ['X-Content-Type-Options: nosniff'] : []),
      ...(framing ? [] : ['X-Frame-Options or Content-Security-Policy frame-ancestors']),
    ];
    if (res.status >= 200 && res.status < 300 && html && missing.length > 0) {
      findings.push({
        key: 'missing-security-headers',
        severity: 'info',
        title: { en: 'Security headers missing', zh: '缺少安全响应头' },
        detail: {
          en: `The page is served without ${missing.join(' and ')}, so browsers may sniff content types and other sites may frame it (clickjacking). Add the headers in the server or application configuration.`,
          zh: `页面未设置 ${missing.join(' 和 ')}，浏览器可能自行猜测内容类型，其他网站也可以把它嵌入框架（点击劫持）。应在服务器或应用配置中添加这些响应头。`,
        },
        action: 'harden',
        evidence: { missing: missing.join('; ') },
      });
    }
    const product = server === null ? null : serverProduct(server);
    return {
      status: 'ok',
      evidence,
      findings,
      ...(product !== null && {
        service: { product: product.product, ...(product.version !== null && { version: product.version }) },
      }),
    };
  },
};
