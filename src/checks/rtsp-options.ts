/**
 * rtsp-options: sends OPTIONS (RFC 2326 §10.1) and reports the Server header and the Public methods, and flags RTSP
 * servers with known remote code execution flaws.
 *
 * @output
 * 554/tcp rtsp-options: GStreamer RTSP server; methods OPTIONS, DESCRIBE, ANNOUNCE, GET_PARAMETER, PAUSE, PLAY, …
 */
import type { Check, CheckFinding } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { request, rtspUri } from '../protocols/rtsp/client.js';

export const check: Check = {
  id: 'rtsp-options',
  title: { en: 'RTSP server and methods', zh: 'RTSP 服务端与支持的方法' },
  categories: ['safe', 'discovery'],
  references: ['RFC 2326', 'RFC 7826', 'CVE-2003-0725'],
  applies: { transport: 'tcp', ports: [554, 8554], services: ['rtsp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      const response = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 128 * 1024 },
        },
        (s) => request(s, 'OPTIONS', rtspUri(host, port, '/'), 1),
      );
      const server = response.headers['server'] ?? null;
      const methods = (response.headers['public'] ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
      const evidence = { status: response.status, version: response.version, server, methods: methods.join(',') };
      const findings: CheckFinding[] = [];
      // RealServer G2/7/8 and Helix Universal Server 9 parse RTSP with overflows that run code (CVE-2003-0725).
      const helix =
        server === null ? null : /(?:Helix (?:Universal |Mobile )?Server|RealServer)[^\d]*([\d.]+)?/i.exec(server);
      if (helix !== null) {
        findings.push({
          key: 'CVE-2003-0725',
          severity: 'high',
          title: { en: 'RealNetworks Helix/RealServer RTSP server', zh: 'RealNetworks Helix/RealServer RTSP 服务端' },
          detail: {
            en: `The server calls itself "${server ?? ''}". RealServer and Helix Universal Server have a history of RTSP parsing overflows that run code without authentication (CVE-2003-0725 in RealServer G2/7/8 and Helix 9, and later ones); the product line is discontinued. Replace it, or at least keep it off untrusted networks.`,
            zh: `服务器自称“${server ?? ''}”。RealServer 和 Helix Universal Server 多次出现无需认证即可执行代码的 RTSP 解析溢出漏洞（RealServer G2/7/8 与 Helix 9 的 CVE-2003-0725 及后续漏洞），该产品线已停止维护。请更换它，至少不要让它暴露在不可信网络上。`,
          },
          action: 'restrict',
          evidence: { server },
        });
      }
      return {
        status: 'ok',
        evidence,
        findings,
        service: { service: 'rtsp', ...(server !== null && { product: server.slice(0, 100) }) },
      };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
