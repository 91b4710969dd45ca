// The hardened agent: no v1/v2c community at all, one SNMPv3 user that must authenticate and encrypt.
// snmp-community, snmp-write and snmp-v3-engine must report nothing here.
import type { LabHost } from '../lab.js';
import { SNMPV3_DISCOVERY_HEX, waitUdp } from '../udp/ready.js';

export const host: LabHost = {
  name: 'snmp-closed',
  octet: 62,
  description: 'snmpd: SNMPv3 authPriv user only, no community',
  packages: ['snmpd'],
  programs: ['snmpd'],
  async start(ctx) {
    const conf = ctx.file(
      'snmpd.conf',
      [
        `[snmp] persistentDir ${ctx.dir}/persist`,
        `agentaddress udp:${ctx.address}:161,udp6:[${ctx.address6}]:161`,
        'createUser monitor SHA "lab-auth-passphrase" AES "lab-priv-passphrase"',
        'rouser monitor priv',
        'sysLocation Lab rack 4',
        'sysContact noc@lab.test',
        '',
      ].join('\n'),
      0o600,
    );
    ctx.file('persist/.keep', '');
    ctx.daemon(
      'snmpd',
      ['-f', '-C', '-c', conf, '-Lf', `${ctx.dir}/snmpd-agent.log`, '-p', `${ctx.dir}/snmpd.pid`],
      'snmpd',
    );
    await waitUdp(ctx, 161, SNMPV3_DISCOVERY_HEX);
  },
};
