// Bind shells, as a backdoor leaves them: 1024 hands /bin/sh -i to anyone, 99 hands bash -i (with its "no job
// control" message), both as nobody and only inside this namespace. 2028 is the counterpart: a harmless service
// that greets with a banner and echoes nothing.
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'shell',
  octet: 28,
  description: 'bind shells on 1024 (/bin/sh -i) and 99 (bash -i) as nobody; 2028 a harmless greeting banner',
  packages: ['socat', 'bash'],
  programs: ['socat', 'bash'],
  async start(ctx) {
    ctx.daemon(
      'socat',
      ['TCP6-LISTEN:1024,ipv6only=0,reuseaddr,fork', "EXEC:'/bin/sh -i',stderr,su=nobody"],
      'shell-1024',
    );
    ctx.daemon(
      'socat',
      ['TCP6-LISTEN:99,ipv6only=0,reuseaddr,fork', "EXEC:'/bin/bash -i',stderr,su=nobody"],
      'shell-99',
    );
    const banner = ctx.file('banner.txt', 'lab status service 1.0 - read only\r\n');
    ctx.daemon(
      'socat',
      ['TCP6-LISTEN:2028,ipv6only=0,reuseaddr,fork', `SYSTEM:'cat ${banner}; sleep 3'`],
      'banner-2028',
    );
    await Promise.all([ctx.waitTcp(1024), ctx.waitTcp(99), ctx.waitTcp(2028)]);
  },
};
