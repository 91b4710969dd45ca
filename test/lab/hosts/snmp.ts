// Net-SNMP snmpd as too many devices ship it: read community public, write community private, an engine ID made
// from the MAC address. snmp-community, snmp-write and snmp-v3-engine report here.
import type { LabHost } from '../lab.js';
import { SNMPV3_DISCOVERY_HEX, waitUdp } from '../udp/ready.js';

export const host: LabHost = {
  name: 'snmp',
  octet: 61,
  description: 'snmpd: v1/v2c rocommunity public, rwcommunity private, MAC-based engine ID',
  packages: ['snmpd'],
  programs: ['snmpd'],
  async start(ctx) {
    const conf = ctx.file(
      'snmpd.conf',
      [
        `[snmp] persistentDir ${ctx.dir}/persist`,
        `agentaddress udp:${ctx.address}:161,udp6:[${ctx.address6}]:161`,
        'rocommunity public default',
        'rwcommunity private default',
        'rocommunity6 public default',
        'sysLocation Lab rack 3',
        'sysName lab-snmp',
        // Set like a SET would (psyscontact), so the object stays writable: sysContact from the config is read-only.
        'psyscontact ops@lab.test',
        'engineIDType 3',
        'engineIDNic eth0',
        '',
      ].join('\n'),
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
