// memcached as older packages and many tutorials run it: no authentication, UDP on: what memcached-noauth and
// memcached-udp report.
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'memcached',
  octet: 152,
  description: 'memcached without authentication, UDP enabled (-U 11211)',
  packages: ['memcached'],
  programs: ['memcached'],
  async start(ctx) {
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
        '11211',
        '-P',
        `${ctx.dir}/memcached.pid`,
      ],
      'memcached',
    );
    await ctx.waitTcp(11211);
  },
};
