// Samba plumbing shared by the smb and smb-hard lab hosts (test/lab/hosts/smb*.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHostContext } from './lab.js';

/**
 * An smb.conf whose every path (state, cache, locks, pids, private, sockets, logs) is under `dir`, so several
 * Samba hosts run side by side without touching /var or /run; `options` go into [global] after the paths.
 */
export function sambaConfig(dir: string, options: Readonly<Record<string, string>>): string {
  for (const sub of ['state', 'cache', 'lock', 'pid', 'private', 'ncalrpc', 'share', 'binddns']) {
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });
  }
  const global: Record<string, string> = {
    'lock directory': join(dir, 'lock'),
    'state directory': join(dir, 'state'),
    'cache directory': join(dir, 'cache'),
    'pid directory': join(dir, 'pid'),
    'private dir': join(dir, 'private'),
    'ncalrpc dir': join(dir, 'ncalrpc'),
    'binddns dir': join(dir, 'binddns'),
    'log file': join(dir, 'log.%m'),
    'max log size': '1000',
    'log level': '1',
    'passdb backend': `tdbsam:${join(dir, 'private', 'passdb.tdb')}`,
    interfaces: 'eth0',
    'bind interfaces only': 'yes',
    'load printers': 'no',
    printing: 'bsd',
    'printcap name': '/dev/null',
    'disable spoolss': 'yes',
    'usershare path': '',
    ...options,
  };
  return ['[global]', ...Object.entries(global).map(([k, v]) => `  ${k} = ${v}`)].join('\n') + '\n';
}

export interface SambaStart {
  /** Start nmbd (NetBIOS name service on UDP 137/138). */
  readonly netbios: boolean;
  /** Start samba-dcerpcd so the endpoint mapper listens on TCP 135. */
  readonly epmapper: boolean;
  readonly share: { readonly name: string; readonly guest: boolean };
}

/** Write the config with one share, start the daemons in the foreground and wait for 445 (and 135). */
export async function startSamba(ctx: LabHostContext, global: string, opts: SambaStart): Promise<void> {
  const sharePath = join(ctx.dir, 'share');
  ctx.file('share/README.txt', 'portwarden lab share\n');
  const share = [
    `[${opts.share.name}]`,
    `  path = ${sharePath}`,
    '  read only = yes',
    `  guest ok = ${opts.share.guest ? 'yes' : 'no'}`,
    '  browseable = yes',
  ].join('\n');
  const extra = opts.epmapper ? '  rpc start on demand helpers = no\n' : '';
  const conf = ctx.file('smb.conf', `${global}${extra}\n${share}\n`);
  const common = ['-F', '--no-process-group', '-s', conf, '--debug-stdout'];
  if (opts.netbios) ctx.daemon('nmbd', common, 'nmbd');
  if (opts.epmapper) ctx.daemon('/usr/libexec/samba/samba-dcerpcd', [...common, '--libexec-rpcds'], 'dcerpcd');
  ctx.daemon('smbd', common, 'smbd');
  await ctx.waitTcp(445, 30_000);
  if (opts.epmapper) await ctx.waitTcp(135, 30_000);
}
