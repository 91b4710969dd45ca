// BSD fingerd (bsd-finger's in.fingerd, the real daemon), handed each connection by socat as inetd would, running as
// nobody. Each listener has a private /run (a tmpfs in its own mount namespace) holding its own utmp: port 79's
// shows root and news logged in and forwards queries (-f); 7979's shows no one and does not forward: the counterpart.
import { join } from 'node:path';
import type { LabHost, LabHostContext } from '../lab.js';

function utmp(ctx: LabHostContext, name: string, users: readonly string[]): string {
  const text = users
    .map(
      (u, i) =>
        `[7] [0424${i}] [ts/${i}] [${u.padEnd(8)}] [pts/${String(i).padEnd(10)}] [203.0.113.254       ] [203.0.113.254  ] [2026-01-0${i + 1}T08:00:00,000000+00:00]`,
    )
    .join('\n');
  const path = join(ctx.dir, name);
  ctx.exec('utmpdump', ['-r', '-o', path], `${text}\n`);
  return path;
}

export const host: LabHost = {
  name: 'finger',
  octet: 24,
  description:
    'BSD in.fingerd via socat: 79 lists two users and forwards (-f); 7979 has no one logged on, no forwarding',
  packages: ['fingerd', 'finger', 'socat', 'util-linux'],
  programs: ['/usr/sbin/in.fingerd', 'socat', 'utmpdump', 'unshare'],
  async start(ctx) {
    for (const [port, users, flags] of [
      [79, ['root', 'news'], ' -f'],
      [7979, [], ''],
    ] as const) {
      const file = users.length > 0 ? utmp(ctx, `utmp-${port}`, users) : ctx.file(`utmp-${port}`, '');
      const script = [
        'set -e',
        // The file is opened before the tmpfs hides the lab directory under /run.
        `exec 3<${file}`,
        'mount -t tmpfs -o size=1m,mode=0755 portwarden-run /run',
        'cat <&3 >/run/utmp',
        'exec 3<&-',
        'chmod 644 /run/utmp',
        `exec socat TCP6-LISTEN:${port},ipv6only=0,reuseaddr,fork EXEC:'/usr/sbin/in.fingerd${flags}',nofork,su=nobody`,
      ].join('\n');
      ctx.daemon('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], `fingerd-${port}`);
    }
    await Promise.all([ctx.waitTcp(79), ctx.waitTcp(7979)]);
  },
};
