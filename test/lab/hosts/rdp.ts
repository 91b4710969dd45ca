// xrdp with security_layer=negotiate, as Debian ships it: it accepts standard RDP security and TLS, and cannot do
// Network Level Authentication at all, so rdp-detect flags it. (The NLA-requiring counterpart is a fake server in
// the unit tests: no Debian RDP server does CredSSP.)
import { readFileSync } from 'node:fs';
import type { LabHost } from '../lab.js';

export const host: LabHost = {
  name: 'rdp',
  octet: 160,
  description: 'xrdp, security_layer=negotiate (standard RDP security and TLS, no NLA)',
  packages: ['xrdp'],
  programs: ['xrdp', 'mount'],
  async start(ctx) {
    // xrdp 0.9 reads only /etc/xrdp/xrdp.ini and writes its pid to /run/xrdp: inside the daemon's own mount
    // namespace (ip netns exec makes one) our config and a private run directory are bound over those paths.
    const ini = readFileSync('/etc/xrdp/xrdp.ini', 'utf8')
      .replace(/^port=.*$/m, 'port=tcp://:3389')
      .replace(/^security_layer=.*$/m, 'security_layer=negotiate')
      .replace(/^LogFile=.*$/m, `LogFile=${ctx.dir}/xrdp-internal.log`)
      .replace(/^EnableSyslog=.*$/m, 'EnableSyslog=false');
    const config = ctx.file('xrdp.ini', ini);
    ctx.exec('mkdir', ['-p', `${ctx.dir}/run`]);
    const script = [
      `mount --bind ${config} /etc/xrdp/xrdp.ini`,
      `mount --bind ${ctx.dir}/run /run/xrdp`,
      'exec xrdp --nodaemon',
    ].join(' && ');
    ctx.daemon('sh', ['-c', script], 'xrdp');
    await ctx.waitTcp(3389);
  },
};
