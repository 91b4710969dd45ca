/**
 * rsync-noauth: for each module the daemon lists (at most 16, plus any named in `rsync.modules=a,b`), requests
 * the module without credentials and reads the answer: `@RSYNCD: OK` means anyone can read it (and write, when
 * the module is not read only); `@RSYNCD: AUTHREQD` means `auth users` protects it. The connection is closed
 * right after the answer: no file list is asked for and nothing is transferred.
 *
 * @output
 * 873/tcp rsync-noauth: high — module public is readable without a password
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { rsyncList, rsyncOpenModule } from '../protocols/rsync/client.js';

const MAX_MODULES = 16;

export const check: Check = {
  id: 'rsync-noauth',
  title: { en: 'rsync modules without authentication', zh: '无需认证的 rsync 模块' },
  categories: ['safe', 'auth'],
  references: ['https://download.samba.org/pub/rsync/rsyncd.conf.5', 'CVE-2024-12084', 'CVE-2024-12085'],
  applies: { transport: 'tcp', ports: [873], services: ['rsync'] },
  async run(ctx) {
    const endpoint = { host: ctx.target.host, port: ctx.target.port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const named = (ctx.args['rsync.modules'] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '' && !/[\r\n]/.test(m));
    let listed: string[];
    try {
      listed = (await rsyncList(endpoint)).modules.map((m) => m.name);
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_REPLY' && /greeting/.test(err.message)) {
        return { status: 'not-applicable', reason: err.message };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const modules = [...new Set([...listed, ...named])].slice(0, MAX_MODULES);
    if (modules.length === 0) {
      return { status: 'ok', evidence: { modules: '', open: '', protected: '' }, findings: [] };
    }
    const open: string[] = [];
    const protectedModules: string[] = [];
    const refused: string[] = [];
    const failed: string[] = [];
    for (const module of modules) {
      try {
        const reply = await rsyncOpenModule(endpoint, module);
        if (reply.kind === 'ok') open.push(module);
        else if (reply.kind === 'auth-required') protectedModules.push(module);
        else refused.push(reply.kind === 'error' ? `${module}: ${reply.message}` : module);
      } catch (err) {
        failed.push(`${module}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed.length === modules.length) return { status: 'error', error: failed.join('; ') };
    const evidence = {
      modules: modules.join(', '),
      open: open.join(', '),
      protected: protectedModules.join(', '),
      refused: refused.join('; '),
      failed: failed.join('; '),
    };
    const findings: CheckFinding[] = open.map((module) => ({
      key: module,
      severity: 'high',
      title: {
        en: `rsync module ${module} is readable without a password`,
        zh: `rsync 模块 ${module} 无需口令即可读取`,
      },
      detail: {
        en: `The daemon accepted a request for module "${module}" with @RSYNCD: OK and no credentials: anyone who reaches the port can copy everything in it (rsync ${ctx.target.host}::${module}), and can upload too if the module is not "read only". Add "auth users" and a "secrets file" (mode 0600), restrict "hosts allow" to the machines that sync, or tunnel rsync over SSH and close port 873.`,
        zh: `守护进程对模块 "${module}" 的请求直接回复 @RSYNCD: OK，未要求任何凭据：任何能连到该端口的人都可以复制其全部内容（rsync ${ctx.target.host}::${module}），若模块未设置 "read only"，还能上传文件。请配置 "auth users" 和 "secrets file"（权限 0600），用 "hosts allow" 只允许需要同步的主机，或改为通过 SSH 运行 rsync 并关闭 873 端口。`,
      },
      action: 'restrict' as const,
      evidence: { module, reply: '@RSYNCD: OK' },
    }));
    return { status: 'ok', evidence, findings };
  },
};
