// rsync daemon with a world-readable module `public` (and a listed `backup` module, also open), what rsync-modules
// and rsync-noauth report.
import type { LabHost, LabHostContext } from '../lab.js';

/** Start `rsync --daemon` in the foreground with its config, lock, pid and log files under ctx.dir. */
export async function startRsyncd(ctx: LabHostContext, modules: string): Promise<void> {
  ctx.file('public/README.txt', 'portwarden lab: public rsync module\n');
  ctx.file('backup/etc/hostname', 'pwlab-rsync\n');
  const conf = ctx.file(
    'rsyncd.conf',
    [
      `pid file = ${ctx.dir}/rsyncd.pid`,
      `lock file = ${ctx.dir}/rsyncd.lock`,
      `log file = ${ctx.dir}/rsyncd-own.log`,
      'use chroot = no',
      'uid = nobody',
      'gid = nogroup',
      'read only = yes',
      'motd file = ',
      modules,
      '',
    ].join('\n'),
  );
  // One daemon on every address of the namespace (IPv4 and IPv6): --address takes one, and two daemons would fight
  // over the pid file.
  ctx.daemon('rsync', ['--daemon', '--no-detach', `--config=${conf}`, '--port=873'], 'rsync');
  await ctx.waitTcp(873);
}

export const host: LabHost = {
  name: 'rsync',
  octet: 214,
  description: 'rsync daemon: modules public and backup listed and readable without a password',
  packages: ['rsync'],
  programs: ['rsync'],
  async start(ctx) {
    await startRsyncd(
      ctx,
      [
        '[public]',
        `  path = ${ctx.dir}/public`,
        '  comment = Public files',
        '[backup]',
        `  path = ${ctx.dir}/backup`,
        '  comment = Nightly backup',
      ].join('\n'),
    );
  },
};
