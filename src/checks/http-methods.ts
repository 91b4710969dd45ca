/**
 * http-methods: asks OPTIONS / which methods the server allows (Allow and Public headers) and sends one real TRACE
 * with a marker header to see whether it is echoed. Flags advertised write methods (PUT, DELETE, WebDAV), CONNECT,
 * and TRACE. Nothing is written: PUT and DELETE are never sent.
 *
 * @output
 * 80/tcp http-methods: OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE — medium: PUT, DELETE advertised
 */
import { randomBytes } from 'node:crypto';
import type { Check, CheckFinding } from './types.js';
import { headerAll, parseMethodList } from '../protocols/http/codec.js';
import { HTTP_PORTS, HTTP_SERVICES, httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

const WRITE_METHODS = ['PUT', 'DELETE', 'PATCH', 'MKCOL', 'COPY', 'MOVE', 'PROPPATCH', 'LOCK', 'UNLOCK'];

export const check: Check = {
  id: 'http-methods',
  title: { en: 'HTTP methods', zh: 'HTTP 方法' },
  categories: ['safe'],
  references: ['RFC 9110 §9', 'RFC 4918', 'CVE-2003-1567', 'OWASP WSTG-CONF-06'],
  applies: { transport: 'tcp', ports: HTTP_PORTS, services: HTTP_SERVICES },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    const marker = randomBytes(8).toString('hex');
    let allowed: string[];
    let optionsStatus: number;
    let traceStatus: number | null = null;
    let traceEchoed = false;
    try {
      const options = await httpRequest(target, 'OPTIONS', '/', []);
      optionsStatus = options.status;
      allowed = parseMethodList([...headerAll(options, 'allow'), ...headerAll(options, 'public')]);
      try {
        const trace = await httpRequest({ ...target, maxBytes: 16 * 1024 }, 'TRACE', '/', [
          ['X-Portwarden-Trace', marker],
        ]);
        traceStatus = trace.status;
        traceEchoed = trace.status === 200 && Buffer.from(trace.body).toString('latin1').includes(marker);
      } catch {
        // Some servers drop TRACE outright: that is "not echoed".
      }
    } catch (err) {
      return httpFailure(err);
    }
    const evidence = {
      optionsStatus,
      allow: allowed.join(', '),
      traceStatus,
      traceEchoed,
      tls: target.tls,
    };
    const findings: CheckFinding[] = [];
    const writes = allowed.filter((m) => WRITE_METHODS.includes(m));
    if (writes.length > 0) {
      findings.push({
        key: 'write-methods',
        severity: 'medium',
        title: {
          en: `Write methods advertised: ${writes.join(', ')}`,
          zh: `服务器声明支持写入方法：${writes.join('、')}`,
        },
        detail: {
          en: `OPTIONS / lists ${writes.join(', ')}. If they work without authentication, anyone can upload files (a web shell) or delete content; WebDAV has a long history of such compromises. portwarden does not try them. Disable the methods the site does not need (nginx: no dav_methods, limit_except GET POST; Apache: <LimitExcept GET POST> Require all denied), or require authentication for them.`,
          zh: `OPTIONS / 列出了 ${writes.join('、')}。如果它们无需认证即可使用，任何人都能上传文件（如 Web Shell）或删除内容，WebDAV 曾多次因此被入侵。portwarden 不会实际尝试这些方法。应禁用站点不需要的方法（nginx：去掉 dav_methods，使用 limit_except GET POST；Apache：<LimitExcept GET POST> Require all denied），或为其启用认证。`,
        },
        action: 'restrict',
        evidence: { methods: writes.join(', ') },
      });
    }
    if (allowed.includes('CONNECT')) {
      findings.push({
        key: 'connect',
        severity: 'medium',
        title: { en: 'CONNECT advertised', zh: '服务器声明支持 CONNECT' },
        detail: {
          en: 'CONNECT makes the server open TCP tunnels to other hosts; on a web server it usually means an open proxy that others can use to reach internal hosts or hide their traffic. Disable it unless this is a deliberate, authenticated proxy.',
          zh: 'CONNECT 会让服务器向其他主机建立 TCP 隧道；在 Web 服务器上这通常意味着开放代理，他人可借此访问内网主机或隐藏自己的流量。除非这是有意设置且需要认证的代理，否则应禁用。',
        },
        action: 'restrict',
        evidence: { methods: 'CONNECT' },
      });
    }
    if (traceEchoed || allowed.includes('TRACE')) {
      findings.push({
        key: 'trace',
        severity: traceEchoed ? 'low' : 'info',
        title: traceEchoed
          ? { en: 'TRACE is enabled and echoes requests', zh: 'TRACE 已启用并回显请求' }
          : { en: 'TRACE advertised (not echoed)', zh: '服务器声明支持 TRACE（实际未回显）' },
        detail: traceEchoed
          ? {
              en: 'The server answers TRACE by echoing the request, headers included. With a script-injection flaw this can expose cookies marked HttpOnly and credentials added by proxies (Cross-Site Tracing). Disable TRACE (Apache: TraceEnable off).',
              zh: '服务器会把 TRACE 请求连同请求头原样返回。若站点存在脚本注入漏洞，这可能泄露标记为 HttpOnly 的 Cookie 以及代理附加的凭据（跨站追踪 XST）。应禁用 TRACE（Apache：TraceEnable off）。',
            }
          : {
              en: `OPTIONS lists TRACE, but a TRACE request was answered with status ${traceStatus ?? 'none'} and did not echo it. Remove TRACE from the advertised methods so the list tells the truth.`,
              zh: `OPTIONS 列出了 TRACE，但实际 TRACE 请求的返回状态为 ${traceStatus ?? '无'}，且没有回显。应从声明的方法中去掉 TRACE，使列表与实际一致。`,
            },
        action: 'harden',
        evidence: { traceStatus, traceEchoed },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
