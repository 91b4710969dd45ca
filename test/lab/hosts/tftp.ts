// tftpd-hpa serving a directory with a router configuration in it: tftp-detect and tftp-common-files report here.
import type { LabHost } from '../lab.js';
import { TFTP_RRQ_HEX, waitUdp } from '../udp/ready.js';

export const host: LabHost = {
  name: 'tftp',
  octet: 69,
  description: 'tftpd-hpa --secure, read-only, serving startup-config and a PXE loader',
  packages: ['tftpd-hpa'],
  programs: ['in.tftpd'],
  async start(ctx) {
    ctx.file('root/startup-config', 'hostname lab-switch\nsnmp-server community private RW\n');
    ctx.file('root/pxelinux.0', Buffer.alloc(1500, 0x90));
    ctx.daemon(
      'in.tftpd',
      ['--foreground', '--listen', '--user', 'root', '--address', `${ctx.address}:69`, '--secure', `${ctx.dir}/root`],
      'tftpd',
    );
    await waitUdp(ctx, 69, TFTP_RRQ_HEX);
  },
};
