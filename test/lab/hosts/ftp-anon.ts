// vsftpd with anonymous login on: the weak FTP host. Port 21 is a stock anonymous server with a readable file and
// a writable incoming/ (for the intrusive upload test); 2121 advertises a third host's address in PASV (the NAT
// misconfiguration); 20 is the same server wrongly listening on the active-mode data port.
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHost, LabHostContext } from '../lab.js';

/** The address port 2121 puts in its PASV replies: not this host. Nothing ever connects to it. */
export const THIRD_HOST = '203.0.113.29';

/** A vsftpd instance of this host, its configuration under ctx.dir. */
export function vsftpdConfig(ctx: LabHostContext, name: string, lines: readonly string[]): string {
  const empty = join(ctx.dir, 'empty');
  mkdirSync(empty, { recursive: true, mode: 0o755 });
  chmodSync(empty, 0o755);
  return ctx.file(
    `${name}.conf`,
    [
      ...(lines.includes('listen=YES') ? [] : ['listen=NO', 'listen_ipv6=YES']),
      'background=NO',
      `secure_chroot_dir=${empty}`,
      'pam_service_name=vsftpd',
      `vsftpd_log_file=${join(ctx.dir, `${name}-xfer.log`)}`,
      'xferlog_enable=YES',
      'seccomp_sandbox=NO',
      ...lines,
      '',
    ].join('\n'),
  );
}

export const host: LabHost = {
  name: 'ftp-anon',
  octet: 21,
  description: 'vsftpd, anonymous login with a readable file and a writable incoming/; PASV to a third host on 2121',
  packages: ['vsftpd'],
  programs: ['vsftpd'],
  async start(ctx) {
    const ftp = { uid: 107, gid: 110 };
    const anon = join(ctx.dir, 'anon');
    mkdirSync(join(anon, 'pub'), { recursive: true, mode: 0o755 });
    chmodSync(anon, 0o755);
    ctx.file('anon/pub/README.txt', 'Public files of the lab FTP server.\n');
    ctx.file('anon/welcome.msg', 'Welcome to the lab archive.\n');
    const incoming = join(anon, 'incoming');
    mkdirSync(incoming, { recursive: true, mode: 0o755 });
    // vsftpd's anonymous user is the system account `ftp`; only incoming/ is its own.
    const id = /uid=(\d+)\S* gid=(\d+)/.exec(ctx.exec('id', ['ftp']));
    chownSync(incoming, Number(id?.[1] ?? ftp.uid), Number(id?.[2] ?? ftp.gid));
    const common = ['anonymous_enable=YES', `anon_root=${anon}`, 'no_anon_password=NO'];
    const main = vsftpdConfig(ctx, 'vsftpd-21', [
      ...common,
      // Debian's stock setting: local accounts may log in too, over plaintext.
      'local_enable=YES',
      'listen_port=21',
      'write_enable=YES',
      'anon_upload_enable=YES',
      'anon_other_write_enable=YES',
      'anon_umask=022',
      'pasv_min_port=40021',
      'pasv_max_port=40024',
    ]);
    const nat = vsftpdConfig(ctx, 'vsftpd-2121', [
      ...common,
      'local_enable=NO',
      // IPv4 only: vsftpd writes pasv_address only into PASV replies on an IPv4 socket.
      'listen=YES',
      'listen_ipv6=NO',
      'listen_port=2121',
      `pasv_address=${THIRD_HOST}`,
      'pasv_min_port=40025',
      'pasv_max_port=40026',
    ]);
    const data = vsftpdConfig(ctx, 'vsftpd-20', [
      ...common,
      'local_enable=NO',
      'listen_port=20',
      'pasv_min_port=40027',
      'pasv_max_port=40028',
    ]);
    ctx.daemon('vsftpd', [main], 'vsftpd-21');
    ctx.daemon('vsftpd', [nat], 'vsftpd-2121');
    ctx.daemon('vsftpd', [data], 'vsftpd-20');
    await Promise.all([ctx.waitTcp(21), ctx.waitTcp(2121), ctx.waitTcp(20)]);
  },
};
