/**
 * rsync-modules: reads the rsync daemon's `@RSYNCD: <protocol>` greeting, answers it and sends an empty module
 * name, which asks for the list of modules (`rsync host::`). A list shows what the server shares to anyone who
 * asks; the protocol number dates the release.
 *
 * @output
 * 873/tcp rsync-modules: rsync protocol 31.0 (3.1 or later); modules: public (Public files), backup (Nightly backup)
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { rsyncReleaseFor } from '../protocols/rsync/codec.js';
import { rsyncList } from '../protocols/rsync/client.js';

export const check: Check = {
  id: 'rsync-modules',
  title: { en: 'rsync daemon modules', zh: 'rsync 守护进程模块' },
  categories: ['safe', 'discovery'],
  references: ['https://download.samba.org/pub/rsync/rsyncd.conf.5', 'CVE-2024-12084', 'CVE-2024-12085'],
  applies: { transport: 'tcp', ports: [873], services: ['rsync'] },
  async run(ctx) {
    let listing: Awaited<ReturnType<typeof rsyncList>>;
    try {
      listing = await rsyncList({
        host: ctx.target.host,
        port: ctx.target.port,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /greeting/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const { greeting } = listing;
    const protocol = `${greeting.protocol}.${greeting.subprotocol}`;
    const release = rsyncReleaseFor(greeting.protocol);
    const modules = listing.modules.map((m) => (m.comment === '' ? m.name : `${m.name} (${m.comment})`));
    const evidence = {
      greeting: listing.raw,
      protocol,
      release,
      digests: greeting.digests.join(' '),
      modules: listing.modules.map((m) => m.name).join(', '),
      moduleComments: modules.join('; '),
      motd: listing.motd.join(' / '),
      listError: listing.error,
    };
    const findings: CheckFinding[] = [];
    if (listing.modules.length > 0) {
      findings.push({
        key: '',
        severity: 'low',
        title: {
          en: `rsync lists ${listing.modules.length} module(s) to anyone: ${listing.modules
            .slice(0, 5)
            .map((m) => m.name)
            .join(', ')}`,
          zh: `rsync 向任何人列出 ${listing.modules.length} 个模块：${listing.modules
            .slice(0, 5)
            .map((m) => m.name)
            .join('、')}`,
        },
        detail: {
          en: `The daemon answered an anonymous list request with: ${modules.slice(0, 10).join('; ')}. Module names and comments tell an attacker what is worth fetching (backups, web roots) and which modules to try without a password. Unless this is a public mirror, set "list = no" on private modules, allow only the hosts that sync ("hosts allow"), and prefer rsync over SSH.`,
          zh: `守护进程对匿名的列表请求返回了：${modules.slice(0, 10).join('；')}。模块名和注释会告诉攻击者哪些内容值得获取（备份、网站根目录），以及可以尝试免口令访问哪些模块。除非这是公共镜像站，否则应对私有模块设置 "list = no"，用 "hosts allow" 只允许需要同步的主机，并优先通过 SSH 使用 rsync。`,
        },
        action: 'restrict',
        evidence: { modules: evidence.modules },
      });
    }
    return {
      status: 'ok',
      evidence,
      findings,
      service: { service: 'rsync', product: 'rsyncd', extraInfo: `protocol ${protocol}` },
    };
  },
};
