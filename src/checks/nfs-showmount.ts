/**
 * nfs-showmount: asks the portmapper where MOUNT (program 100005) listens over TCP, then calls its EXPORT
 * procedure (RFC 1813 Appendix I; the same in MOUNT v1), like `showmount -e host`. Only the port the portmapper
 * names on the same host is contacted; nothing is mounted. Exports open to every host are findings.
 *
 * @output
 * 111/tcp nfs-showmount: /srv/public (everyone), /srv/home (203.0.113.0/24)
 */
import { NetworkError } from '../core/errors.js';
import { callTcp, newXid } from '../protocols/sunrpc/client.js';
import {
  MOUNT_PROGRAM,
  mountExportCall,
  parseMountExports,
  parsePmapDump,
  pmapDumpCall,
  type MountExport,
} from '../protocols/sunrpc/codec.js';
import type { Check, Evidence } from './types.js';

/** Client specifications that let every host mount (exports(5) wildcards, any-address networks, Solaris' "everyone"). */
function openToAll(e: MountExport): boolean {
  return (
    e.groups.length === 0 ||
    e.groups.some((g) => /^(\*|\(everyone\)|everyone|0\.0\.0\.0\/0|::\/0|\*\.\*)$/i.test(g.trim()))
  );
}

const show = (e: MountExport): string => `${e.directory} (${e.groups.length === 0 ? 'everyone' : e.groups.join(', ')})`;

export const check: Check = {
  id: 'nfs-showmount',
  title: { en: 'NFS exports (showmount -e)', zh: 'NFS 导出目录（showmount -e）' },
  categories: ['safe', 'discovery'],
  references: ['RFC 1813', 'RFC 1833', 'CVE-1999-0554', 'https://man7.org/linux/man-pages/man5/exports.5.html'],
  applies: { transport: 'tcp', ports: [111], services: ['rpcbind', 'sunrpc'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const base = { host, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    try {
      const xid = newXid();
      const dump = await callTcp({ ...base, port }, pmapDumpCall(xid), xid);
      const mappings = dump.status === 'success' ? parsePmapDump(dump.body) : null;
      if (mappings === null) return { status: 'not-applicable', reason: 'the portmapper gave no usable DUMP reply' };
      const mount = mappings
        .filter((m) => m.program === MOUNT_PROGRAM && m.protocol === 6 && (m.version === 3 || m.version === 1))
        .sort((a, b) => b.version - a.version)[0];
      if (mount === undefined) return { status: 'not-applicable', reason: 'no MOUNT service is registered over TCP' };
      const xid2 = newXid();
      const r = await callTcp({ ...base, port: mount.port }, mountExportCall(xid2, mount.version === 3 ? 3 : 1), xid2);
      if (r.status !== 'success') return { status: 'error', error: `MOUNT EXPORT was refused (${r.status})` };
      const exports = parseMountExports(r.body);
      if (exports === null) return { status: 'error', error: 'malformed EXPORT reply' };
      const world = exports.filter(openToAll);
      const evidence: Evidence = {
        mountPort: mount.port,
        mountVersion: mount.version,
        exports: exports.length,
        list: exports.map(show).join('; '),
        openToAll: world.map((e) => e.directory).join(', '),
      };
      if (world.length === 0) return { status: 'ok', evidence, findings: [] };
      const dirs = world.map((e) => e.directory).join(', ');
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: 'world',
            severity: 'high',
            title: { en: 'NFS exports are open to every host', zh: 'NFS 导出目录对所有主机开放' },
            detail: {
              en: `mountd lists ${dirs} as exported to every client (${world.map(show).join('; ')}). With AUTH_SYS anyone who can reach the server can mount them and read, often write, files as any user id they claim. Name the client hosts or networks in /etc/exports instead of *, prefer ro and root_squash, apply with exportfs -ra, and allow NFS ports only from those clients.`,
              zh: `mountd 显示 ${dirs} 对所有客户端导出（${world.map(show).join('；')}）。在 AUTH_SYS 模式下，任何能访问该服务器的人都可以挂载这些目录，并以自称的任意用户 ID 读取乃至写入文件。请在 /etc/exports 中写明具体的客户端主机或网段而不是 *，尽量使用 ro 并保留 root_squash，用 exportfs -ra 生效，并只允许这些客户端访问 NFS 相关端口。`,
            },
            action: 'restrict',
            evidence,
          },
        ],
      };
    } catch (err) {
      if (err instanceof NetworkError) return { status: 'error', error: err.message };
      throw err;
    }
  },
};
