/**
 * http-title: fetches / and reports the status, the page title and where a redirect points (never following it),
 * and flags default install pages and directory listings, which show an unconfigured or over-exposed server.
 *
 * @output
 * 80/tcp http-title: 200 "Welcome to nginx!" — low: default install page
 */
import type { Check, CheckFinding } from './types.js';
import { extractTitle, header } from '../protocols/http/codec.js';
import { HTTP_PORTS, HTTP_SERVICES, httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

/** Titles of pages that web servers and platforms show before anyone configures them. */
const DEFAULT_PAGES: readonly RegExp[] = [
  /^Welcome to nginx!?$/i,
  /^Apache2 (Debian|Ubuntu) Default Page/i,
  /^Test Page for the (Apache|Nginx) HTTP Server/i,
  /^It works!?$/i,
  /^IIS Windows( Server)?$/i,
  /^Internet Information Services$/i,
  /^Apache Tomcat\/[\d.]+$/i,
  /^Welcome to (CentOS|Fedora|Red Hat Enterprise Linux)/i,
  /^lighttpd .*placeholder page/i,
  /^Welcome to OpenResty!?$/i,
  /^Welcome to Caddy!?$/i,
];

export const check: Check = {
  id: 'http-title',
  title: { en: 'Web page title', zh: '网页标题' },
  categories: ['safe', 'discovery'],
  references: ['RFC 9110'],
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
    const title = extractTitle(res.body);
    const location = header(res, 'location') ?? null;
    const evidence = { status: res.status, title, location, tls: target.tls };
    const findings: CheckFinding[] = [];
    if (title !== null && DEFAULT_PAGES.some((p) => p.test(title))) {
      findings.push({
        key: 'default-page',
        severity: 'low',
        title: { en: `Default install page: "${title}"`, zh: `默认安装页面：“${title}”` },
        detail: {
          en: 'The server shows the page its package installs by default: it was never configured for a site, or it is left running by mistake. It tells attackers the product and invites them to look further. Remove the default site or stop the server.',
          zh: '服务器显示的是软件包自带的默认页面：它要么从未按站点配置过，要么是被遗忘而一直运行着。这会向攻击者透露产品类型，引来进一步探测。应删除默认站点或停止该服务。',
        },
        action: 'harden',
        evidence: { title },
      });
    }
    if (res.status === 200 && title !== null && /^(Index of|Directory listing for) \//i.test(title)) {
      findings.push({
        key: 'directory-listing',
        severity: 'medium',
        title: { en: 'Directory listing at /', zh: '根路径开放目录列表' },
        detail: {
          en: 'The server lists the files of its root directory, so backups, configuration files and anything else left there can be found and downloaded. Turn listings off (nginx autoindex off; Apache Options -Indexes).',
          zh: '服务器会列出根目录中的文件，备份、配置文件以及其他遗留文件都可能被发现并下载。应关闭目录列表（nginx：autoindex off;；Apache：Options -Indexes）。',
        },
        action: 'harden',
        evidence: { title },
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
