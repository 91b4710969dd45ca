/**
 * nntp-banner: reads the NNTP greeting and CAPABILITIES (RFC 3977), before and after MODE READER, and reports the
 * server software, whether STARTTLS (RFC 4642) is offered and whether AUTHINFO (RFC 4643) takes passwords on the
 * plaintext connection.
 *
 * @output
 * 119/tcp nntp-banner: 200 news.example.net InterNetNews server INN 2.7.1 ready — INN 2.7.1; AUTHINFO USER without STARTTLS
 */
import type { Check, CheckFinding, Evidence } from './types.js';
import { NetworkError } from '../core/errors.js';
import { nntpProduct } from '../protocols/nntp/codec.js';
import { nntpGreeting } from '../protocols/nntp/client.js';

const list = (caps: Map<string, string[]> | null): string =>
  caps === null ? '' : [...caps.entries()].map(([k, v]) => [k, ...v].join(' ')).join(', ');

export const check: Check = {
  id: 'nntp-banner',
  title: { en: 'NNTP server identification', zh: 'NNTP 服务器识别' },
  categories: ['safe', 'discovery'],
  references: ['RFC 3977', 'RFC 4642', 'RFC 4643'],
  applies: { transport: 'tcp', ports: [119], services: ['nntp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    let g;
    try {
      g = await nntpGreeting({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
    const product = nntpProduct(g.greeting.text);
    const caps = g.readerCapabilities ?? g.capabilities;
    const authinfo = caps?.get('AUTHINFO') ?? null;
    const starttls = caps?.has('STARTTLS') === true || g.capabilities?.has('STARTTLS') === true;
    const plainAuth =
      authinfo?.some((a) => /^USER$/i.test(a)) === true && !starttls && ctx.target.service?.tls !== true;
    const evidence: Evidence = {
      greeting: `${g.greeting.code} ${g.greeting.text}`.slice(0, 200),
      product: product?.product ?? null,
      version: product?.version ?? null,
      capabilities: list(g.capabilities).slice(0, 400),
      modeReader: g.modeReader === null ? null : `${g.modeReader.code} ${g.modeReader.text}`.slice(0, 200),
      readerCapabilities: list(g.readerCapabilities).slice(0, 400),
      starttls,
      authinfo: authinfo === null ? null : authinfo.join(' '),
    };
    const findings: CheckFinding[] = [];
    if (plainAuth) {
      findings.push({
        key: 'cleartext-auth',
        severity: 'medium',
        title: { en: 'NNTP takes passwords in clear text', zh: 'NNTP 以明文接收口令' },
        detail: {
          en: 'The server offers AUTHINFO USER/PASS but no STARTTLS, so reader accounts and passwords cross the network unencrypted. Offer TLS (STARTTLS on 119 or NNTPS on 563, RFC 4642/8143) and accept AUTHINFO only inside it (INN: nnrpd with tlscertfile and "require_ssl: true" in readers.conf).',
          zh: '服务器提供 AUTHINFO USER/PASS，却不提供 STARTTLS，读者账号和口令会以明文在网络上传输。请启用 TLS（在 119 上用 STARTTLS 或使用 563 端口的 NNTPS，RFC 4642/8143），并只在 TLS 内接受 AUTHINFO（INN：为 nnrpd 配置 tlscertfile，并在 readers.conf 中设置 "require_ssl: true"）。',
        },
        action: 'harden',
        evidence,
      });
    }
    return {
      status: 'ok',
      evidence,
      findings,
      service: {
        service: 'nntp',
        banner: String(evidence['greeting']),
        ...(product !== null && { product: product.product }),
        ...(product?.version != null && { version: product.version }),
      },
    };
  },
};
