// avahi-daemon plumbing shared by the mdns and mdns-hard lab hosts (test/lab/hosts/mdns*.ts). Avahi keeps its pid
// file and client socket under /run/avahi-daemon/ and reads static services from /etc/avahi/services/, paths fixed
// at build time, so each host runs it in a private mount namespace: its own tmpfs on /run and its own services
// directory bound over /etc/avahi/services (visible to that daemon only). D-Bus is off; nothing is shared.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LabHostContext } from './lab.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface AvahiStart {
  /** Lines of the [server] section besides host-name and the D-Bus switch. */
  readonly server: readonly string[];
  /** Lines of the [publish] section. */
  readonly publish: readonly string[];
  /** Static service files: file name → XML (avahi.service(5)). */
  readonly services: Readonly<Record<string, string>>;
}

/** A static DNS-SD service definition (avahi.service(5)). */
export function avahiService(name: string, type: string, port: number, txt: readonly string[] = []): string {
  return [
    '<?xml version="1.0" standalone="no"?>',
    '<!DOCTYPE service-group SYSTEM "avahi-service.dtd">',
    '<service-group>',
    `  <name>${name}</name>`,
    '  <service>',
    `    <type>${type}</type>`,
    `    <port>${port}</port>`,
    ...txt.map((t) => `    <txt-record>${t}</txt-record>`),
    '  </service>',
    '</service-group>',
    '',
  ].join('\n');
}

/** Start avahi-daemon in the foreground (no D-Bus, no chroot, root kept) and wait until it says it is up. */
export async function startAvahi(ctx: LabHostContext, hostName: string, opts: AvahiStart): Promise<void> {
  ctx.exec('mkdir', ['-p', join(ctx.dir, 'services')]);
  for (const [file, xml] of Object.entries(opts.services)) ctx.file(`services/${file}`, xml);
  const conf = ctx.file(
    'avahi-daemon.conf',
    [
      '[server]',
      `host-name=${hostName}`,
      'domain-name=local',
      'use-ipv4=yes',
      'use-ipv6=yes',
      'enable-dbus=no',
      ...opts.server,
      '[wide-area]',
      'enable-wide-area=no',
      '[publish]',
      ...opts.publish,
      '[reflector]',
      'enable-reflector=no',
      '',
    ].join('\n'),
  );
  const lines = [
    'set -e',
    // After /run is covered by the tmpfs, ctx.dir (under /run) stays reachable through the cwd.
    `cd ${quote(ctx.dir)}`,
    'mount --make-rprivate /',
    `mount --bind ${quote(join(ctx.dir, 'services'))} /etc/avahi/services`,
    'mount -t tmpfs -o mode=0755 pwlab-avahi /run',
    'mkdir -m 0755 /run/avahi-daemon',
    `exec avahi-daemon --no-drop-root --no-chroot --no-rlimits --no-proc-title -f ./${basename(conf)}`,
  ];
  ctx.file('start-avahi.sh', lines.join('\n') + '\n', 0o755);
  ctx.daemon('unshare', ['-m', 'sh', join(ctx.dir, 'start-avahi.sh')], 'avahi');
  // Avahi logs this once it has probed its names and published everything (or has nothing to publish).
  const log = join(ctx.dir, 'avahi.log');
  for (let i = 0; i < 150; i++) {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // Not written yet.
    }
    if (/Server startup complete/.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('avahi-daemon did not complete its startup within 15 s');
}
