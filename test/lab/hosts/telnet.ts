// inetutils telnetd (the real daemon), handed each connection by socat as inetd would (the socket is its stdin and
// stdout): port 23 prints the system's issue.net before login, 2323 runs with -h (no host information before login).
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'telnet',
  octet: 23,
  description: 'inetutils telnetd via socat (inetd-style): 23 shows the OS before login, 2323 with -h',
  packages: ['inetutils-telnetd', 'socat'],
  programs: ['/usr/sbin/telnetd', 'socat'],
  async start(ctx) {
    for (const [port, flags] of [
      [23, ''],
      [2323, ' -h'],
    ] as const) {
      ctx.daemon(
        'socat',
        [`TCP6-LISTEN:${port},ipv6only=0,reuseaddr,fork`, `EXEC:/usr/sbin/telnetd${flags},nofork`],
        `telnetd-${port}`,
      );
    }
    await Promise.all([ctx.waitTcp(23), ctx.waitTcp(2323)]);
  },
};
