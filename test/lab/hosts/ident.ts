// oidentd in the foreground: 113 answers truthfully with the owner of each connection; 1113 runs with a
// configuration that hides every user (ERROR : HIDDEN-USER). Port 2026 is a service run by the account `news` that
// the ident check can hold a connection to and ask about.
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'ident',
  octet: 26,
  description: 'oidentd on 113 (reveals owners), on 1113 hiding users; a socat service as `news` on 2026',
  packages: ['oidentd', 'socat', 'util-linux'],
  programs: ['oidentd', 'socat', 'setpriv'],
  async start(ctx) {
    const open = ctx.file('oidentd-open.conf', 'default {\n\tdefault {\n\t\tdeny spoof\n\t}\n}\n');
    const hidden = ctx.file('oidentd-hidden.conf', 'default {\n\tdefault {\n\t\tforce hide\n\t}\n}\n');
    ctx.daemon('oidentd', ['-i', '-S', '-p', '113', '-C', open, '-u', 'nobody', '-g', 'nogroup'], 'oidentd-113');
    ctx.daemon('oidentd', ['-i', '-S', '-p', '1113', '-C', hidden, '-u', 'nobody', '-g', 'nogroup'], 'oidentd-1113');
    // The listening socket itself must belong to news: the kernel gives accepted sockets the listener's owner.
    ctx.daemon(
      'setpriv',
      [
        '--reuid=news',
        '--regid=news',
        '--clear-groups',
        'socat',
        'TCP6-LISTEN:2026,ipv6only=0,reuseaddr,fork',
        'SYSTEM:echo lab service; sleep 5',
      ],
      'service-2026',
    );
    await Promise.all([ctx.waitTcp(113), ctx.waitTcp(1113), ctx.waitTcp(2026)]);
  },
};
