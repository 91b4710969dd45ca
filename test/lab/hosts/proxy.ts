// tinyproxy open to everyone (no Allow line), CONNECT to any port: what http-open-proxy reports.
import type { LabHost, LabHostContext } from '../lab.js';

/** Start tinyproxy in the foreground on 8888 with its config, pid and log under ctx.dir. */
export async function startTinyproxy(ctx: LabHostContext, extra: readonly string[]): Promise<void> {
  const conf = ctx.file(
    'tinyproxy.conf',
    [
      'Port 8888',
      'Timeout 30',
      'MaxClients 20',
      `PidFile "${ctx.dir}/tinyproxy.pid"`,
      `LogFile "${ctx.dir}/tinyproxy-own.log"`,
      'LogLevel Info',
      'ViaProxyName "tinyproxy"',
      ...extra,
      '',
    ].join('\n'),
  );
  ctx.daemon('tinyproxy', ['-d', '-c', conf], 'tinyproxy');
  await ctx.waitTcp(8888);
}

export const host: LabHost = {
  name: 'proxy',
  octet: 221,
  description: 'tinyproxy on 8888 open to all clients, CONNECT to any port',
  packages: ['tinyproxy'],
  programs: ['tinyproxy'],
  async start(ctx) {
    await startTinyproxy(ctx, []);
  },
};
