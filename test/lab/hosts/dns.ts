// dnsmasq as a small office's everything-server: DNS recursion open to the lab (forwarding only to dns-auth, never
// to a real resolver), DHCP for 203.0.113.200–210 with itself as router, and TFTP serving a PXE loader and a
// device configuration. dns-version, dns-recursion, dhcp-discover, tftp-detect and tftp-common-files report here.
import type { LabHost } from '../lab.js';
import { TFTP_RRQ_HEX, waitUdp } from '../udp/ready.js';

export const host: LabHost = {
  name: 'dns',
  octet: 53,
  description: 'dnsmasq: open recursion (forwards to dns-auth only), DHCP .200-.210, TFTP with pxelinux.0',
  packages: ['dnsmasq'],
  programs: ['dnsmasq'],
  async start(ctx) {
    ctx.file('tftp/pxelinux.0', Buffer.alloc(600, 0x90));
    ctx.file('tftp/startup-config', 'hostname lab-router\nenable secret 5 $1$lab$0123456789abcdefghij.\n');
    const conf = ctx.file(
      'dnsmasq.conf',
      [
        'interface=eth0',
        'bind-interfaces',
        // Never a real resolver: every query goes to the lab's authoritative server, nothing else.
        'no-resolv',
        'no-hosts',
        'no-poll',
        'server=203.0.113.54',
        'user=root',
        `pid-file=${ctx.dir}/dnsmasq.pid`,
        'log-facility=-',
        'log-queries',
        'log-dhcp',
        'dhcp-range=203.0.113.200,203.0.113.210,255.255.255.0,10m',
        // dnsmasq pings an address for up to 3 s before offering it and answers nothing else meanwhile; with a
        // scan's DHCPINFORM and a check's DHCPDISCOVER arriving together that made the lab flaky.
        'no-ping',
        'dhcp-option=option:router,203.0.113.53',
        'dhcp-option=option:dns-server,203.0.113.53',
        'domain=lab.test',
        `dhcp-leasefile=${ctx.dir}/dnsmasq.leases`,
        'dhcp-boot=pxelinux.0',
        'enable-tftp',
        `tftp-root=${ctx.dir}/tftp`,
        '',
      ].join('\n'),
    );
    ctx.daemon('dnsmasq', ['--no-daemon', `--conf-file=${conf}`], 'dnsmasq');
    await ctx.waitTcp(53);
    await waitUdp(ctx, 69, TFTP_RRQ_HEX);
  },
};
