// memcached with UDP off (-U 0, the default since 1.5.6) and the ascii protocol's auth file (-Y, memcached 1.5.15+):
// memcached-noauth and memcached-udp must find nothing.
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'memcached-hard',
  octet: 153,
  description: 'memcached with an ascii auth file (-Y) and UDP off',
  packages: ['memcached'],
  programs: ['memcached'],
  async start(ctx) {
    const auth = ctx.file('auth', 'lab:lab-only-memcached-secret-91c2\n', 0o644);
    ctx.daemon(
      'memcached',
      [
        '-u',
        'nobody',
        '-l',
        `${ctx.address},[${ctx.address6}]`,
        '-p',
        '11211',
        '-U',
        '0',
        '-Y',
        auth,
        '-P',
        `${ctx.dir}/memcached.pid`,
      ],
      'memcached',
    );
    await ctx.waitTcp(11211);
  },
};
