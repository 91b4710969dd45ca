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
    // RFC 4643 §2.2 and §2.3.3: a server lists AUTHINFO USER, and SASL PLAIN/LOGIN, only when it would take the
    // password on this connection; outside TLS that means in clear, whether or not STARTTLS is also offered.
    const sasl = (caps?.get('SASL') ?? []).filter((m) => /^(PLAIN|LOGIN)$/i.test(m));
    const userPass = authinfo?.some((a) => /^USER$/i.test(a)) === true;
    const plainAuth = (userPass || sasl.length > 0) && ctx.target.service?.tls !== true;
    const plainMethods = [...(userPass ? ['AUTHINFO USER'] : []), ...sasl.map((m) => `SASL ${m.toUpperCase()}`)].join(
      ', ',
    );
    const evidence: Evidence = {
      greeting: `${g.greeting.code} ${g.greeting.text}`.slice(0, 200),
      product: product?.product ?? null,
      version: product?.version ?? null,
      capabilities: list(g.capabilities).slice(0, 400),
      modeReader: g.modeReader === null ? null : `${g.modeReader.code} ${g.modeReader.text}`.slice(0, 200),
      readerCapabilities: list(g.readerCapabilities).slice(0, 400),
      starttls,
      authinfo: authinfo === null ? null : authinfo.join(' '),
      plaintextLogins: plainMethods,
    };
    const findings: CheckFinding[] = [];
    if (plainAuth) {
      findings.push({
        key: 'cleartext-auth',
        severity: 'medium',
        title: { en: 'NNTP accepts passwords in clear text', zh: 'NNTP 接受明文口令' },
        detail: {
          en: `Before any TLS, the server offers ${plainMethods}, so reader accounts and passwords can cross the network unencrypted${starttls ? ' (STARTTLS is offered but not required)' : ' (it offers no STARTTLS at all)'}. Offer logins only inside TLS (RFC 4642/8143): INN's nnrpd advertises them only on TLS connections when readers.conf says "require_ssl: true" for its auth blocks.`,
          zh: `在启用 TLS 之前，服务器就提供了 ${plainMethods}，读者账号和口令可能以明文在网络上传输${starttls ? '（虽然提供 STARTTLS，但并不强制）' : '（完全不提供 STARTTLS）'}。请只在 TLS 内提供登录（RFC 4642/8143）：在 INN 的 readers.conf 中为认证段设置 "require_ssl: true"，nnrpd 便只在 TLS 连接上提供登录。`,
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
