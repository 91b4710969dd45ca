// NTPsec's ntpd for lab hosts: config, pid, logs and stats under ctx.dir, in the foreground, with no upstream
// servers (it serves time at stratum 16, unsynchronised). The system clock is shared with the whole machine, so
// ntpd runs without CAP_SYS_TIME and with the clock discipline off: it can never step or slew it.
import type { LabHostContext } from '../lab.js';

/** Start ntpd with `restrict` lines (and anything else) from `extra`, then wait until it answers on udp/123. */
export async function startNtpsec(ctx: LabHostContext, extra: readonly string[]): Promise<void> {
  const conf = ctx.file(
    'ntp.conf',
    [
      `statsdir ${ctx.dir}/stats/`,
      'disable kernel',
      'restrict default',
      `interface listen ${ctx.address}`,
      `interface listen ${ctx.address6}`,
      ...extra,
      '',
    ].join('\n'),
  );
  ctx.file('stats/.keep', '');
  ctx.daemon(
    'setpriv',
    [
      '--bounding-set=-sys_time',
      '--inh-caps=-sys_time',
      'ntpd',
      '-n',
      '-c',
      conf,
      '-p',
      `${ctx.dir}/ntpd.pid`,
      '-l',
      `${ctx.dir}/ntpd-own.log`,
    ],
    'ntpd',
  );
  await waitUdp(ctx, 123);
}

/** Wait until something answers an NTP client request on `port` at the host's address (from inside it). */
export async function waitUdp(ctx: LabHostContext, port: number, timeoutMs = 15_000): Promise<void> {
  const probe = `const s=require('dgram').createSocket('udp4');const p=Buffer.alloc(48);p[0]=0x23;s.on('message',()=>process.exit(0));s.on('error',()=>process.exit(1));s.connect(${port},${JSON.stringify(ctx.address)},()=>s.send(p));setTimeout(()=>process.exit(1),1000)`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ctx.run(process.execPath, ['-e', probe]).status === 0) return;
    if (Date.now() > deadline) throw new Error(`nothing answers NTP on ${ctx.address} port ${port}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
