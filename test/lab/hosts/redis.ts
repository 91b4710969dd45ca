// Redis with no password and protected mode off, bound to the lab address: what redis-noauth reports.
import type { LabHost, LabHostContext } from '../lab.js';

/** Start redis-server in the foreground with its config, database dir and pid file under ctx.dir. */
export async function startRedis(ctx: LabHostContext, extra: readonly string[]): Promise<void> {
  const config = ctx.file(
    'redis.conf',
    [
      `bind ${ctx.address} ${ctx.address6}`,
      'port 6379',
      'daemonize no',
      'supervised no',
      `dir ${ctx.dir}`,
      `pidfile ${ctx.dir}/redis.pid`,
      'logfile ""',
      'save ""',
      'appendonly no',
      ...extra,
      '',
    ].join('\n'),
  );
  ctx.daemon('redis-server', [config], 'redis');
  await ctx.waitTcp(6379);
}

export const host: LabHost = {
  name: 'redis',
  octet: 150,
  description: 'redis-server without a password, protected mode off',
  packages: ['redis-server'],
  programs: ['redis-server'],
  async start(ctx) {
    await startRedis(ctx, ['protected-mode no']);
  },
};
