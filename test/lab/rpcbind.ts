// rpcbind plumbing shared by the rpc and rpc-closed lab hosts (test/lab/hosts/rpc*.ts). rpcbind keeps its socket
// (/run/rpcbind.sock) and state (/run/rpcbind/) at fixed paths, so each host runs it in a private mount namespace
// with its own tmpfs on /run; the lab MOUNT server (test/lab/rpc/) registers through that private socket.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabHostContext } from './lab.js';

/** test/lab/rpc/ in the source tree, whether this runs from test/lab or dist/test/lab. */
function sourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'test', 'lab', 'rpc');
    if (existsSync(join(candidate, 'mount.x'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find test/lab/rpc/mount.x');
}

/** Build the lab MOUNT v1/v3 server (rpcgen + libtirpc) into ctx.dir; returns its file name there. */
export function buildMountd(ctx: LabHostContext): string {
  const src = sourceDir();
  for (const f of ['mount.x', 'mountd.c']) copyFileSync(join(src, f), join(ctx.dir, f));
  const sh = (cmd: string): void => {
    ctx.exec('sh', ['-c', `cd '${ctx.dir}' && ${cmd}`]);
  };
  sh('rm -f mount.h mount_xdr.c mount_svc.c');
  sh('rpcgen -h mount.x -o mount.h && rpcgen -c mount.x -o mount_xdr.c && rpcgen -m mount.x -o mount_svc.c');
  sh('gcc -O1 -w -I/usr/include/tirpc -o lab-mountd mountd.c mount_svc.c mount_xdr.c -ltirpc');
  return 'lab-mountd';
}

export interface RpcbindStart {
  /** rpcbind's own arguments besides -f (e.g. ['-h', '127.0.0.1'] to answer UDP on loopback only). */
  readonly rpcbindArgs: readonly string[];
  /** The MOUNT server and its export table ("dir=client,client"), or null for none. */
  readonly mountd: { readonly program: string; readonly exports: readonly string[] } | null;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Start rpcbind (and the MOUNT server) in a private mount namespace and wait until TCP 111 answers. */
export async function startRpcbind(ctx: LabHostContext, opts: RpcbindStart): Promise<void> {
  // cd first: after /run is hidden by the tmpfs, ctx.dir (under /run) stays reachable through the cwd.
  const lines = [
    'set -e',
    `cd ${quote(ctx.dir)}`,
    'mount --make-rprivate /',
    'mount -t tmpfs -o mode=0755 pwlab-rpc /run',
    'mkdir -m 0755 /run/rpcbind && chown _rpc /run/rpcbind',
    `rpcbind -f ${opts.rpcbindArgs.map(quote).join(' ')} &`,
    'i=0; while [ ! -S /run/rpcbind.sock ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
  ];
  if (opts.mountd !== null) lines.push(`./${opts.mountd.program} ${opts.mountd.exports.map(quote).join(' ')} &`);
  lines.push('wait');
  ctx.file('start-rpc.sh', lines.join('\n') + '\n', 0o755);
  ctx.daemon('unshare', ['-m', 'sh', join(ctx.dir, 'start-rpc.sh')], 'rpc');
  await ctx.waitTcp(111, 15_000);
}
