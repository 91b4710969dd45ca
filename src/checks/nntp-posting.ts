/**
 * nntp-posting: reports whether the server lets this client post without logging in, from the greeting (200 =
 * posting allowed, 201 = not; RFC 3977 §5.1), the reply to MODE READER and the POST capability. It never posts.
 *
 * @output
 * 119/tcp nntp-posting: posting allowed without login (200 … (posting ok); POST in CAPABILITIES)
 */
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { nntpGreeting } from '../protocols/nntp/client.js';

export const check: Check = {
  id: 'nntp-posting',
  title: { en: 'NNTP posting without login', zh: 'NNTP 无需登录即可发帖' },
  categories: ['safe', 'auth'],
  references: ['RFC 3977', 'RFC 4643'],
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
    if (g.greeting.code !== 200 && g.greeting.code !== 201) {
      return {
        status: 'ok',
        evidence: { greeting: `${g.greeting.code} ${g.greeting.text}`.slice(0, 200), posting: false },
        findings: [],
      };
    }
    // The reader's view decides when the server switches modes; the greeting otherwise.
    const final =
      g.modeReader !== null && (g.modeReader.code === 200 || g.modeReader.code === 201) ? g.modeReader : g.greeting;
    const caps = g.readerCapabilities ?? g.capabilities;
    const posting = final.code === 200 && (caps === null || caps.has('POST'));
    const evidence = {
      greeting: `${g.greeting.code} ${g.greeting.text}`.slice(0, 200),
      modeReader: g.modeReader === null ? null : `${g.modeReader.code} ${g.modeReader.text}`.slice(0, 200),
      postCapability: caps === null ? null : caps.has('POST'),
      posting,
    };
    if (!posting) return { status: 'ok', evidence, findings: [] };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: { en: 'Anyone can post to this news server', zh: '任何人都能向该新闻服务器发帖' },
          detail: {
            en: `The server answered ${final.code} ("posting allowed") to an anonymous client${caps?.has('POST') === true ? ' and lists POST' : ''}. An open news server is used to flood groups with spam and to post anonymously in the server's name, and what it accepts may be fed to its peers. Allow posting only to authenticated users or known networks (INN readers.conf: access "R" for everyone else).`,
            zh: `服务器对匿名客户端返回 ${final.code}（“允许发帖”）${caps?.has('POST') === true ? '，并列出了 POST 能力' : ''}。开放发帖的新闻服务器会被用来向新闻组灌垃圾信息、以服务器的名义匿名发帖，其接受的文章还可能被转发给对等服务器。请只允许已认证用户或已知网段发帖（INN 的 readers.conf：对其他人只给 access "R"）。`,
          },
          action: 'restrict',
          evidence,
        },
      ],
    };
  },
};
