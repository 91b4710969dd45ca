// Avahi kept off the interface the scanner reaches (deny-interfaces=eth0, as the KB advises for a LAN-only
// responder), with host-info and workstation records off: UDP 5353 of the lab link answers nothing.
import type { LabHost } from '../lab.js';
import { avahiService, startAvahi } from '../avahi.js';

export const host: LabHost = {
  name: 'mdns-hard',
  octet: 218,
  description: 'avahi-daemon with deny-interfaces=eth0, publish-hinfo/workstation off: silent on the lab link',
  packages: ['avahi-daemon'],
  programs: ['avahi-daemon', 'unshare'],
  async start(ctx) {
    await startAvahi(ctx, 'pwlab-mdns-hard', {
      server: ['deny-interfaces=eth0'],
      publish: ['publish-hinfo=no', 'publish-workstation=no'],
      services: { 'ssh.service': avahiService('portwarden hardened ssh', '_ssh._tcp', 22) },
    });
  },
};
