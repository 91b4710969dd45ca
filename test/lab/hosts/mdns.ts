// Avahi answering DNS-SD over unicast on UDP 5353 of the lab link: it names its host and lists an HTTP and an SSH
// service, what mdns-discover reports.
import type { LabHost } from '../lab.js';
import { avahiService, startAvahi } from '../avahi.js';

export const host: LabHost = {
  name: 'mdns',
  octet: 217,
  description: 'avahi-daemon on eth0 publishing _http._tcp and _ssh._tcp, host name pwlab-mdns.local',
  packages: ['avahi-daemon'],
  programs: ['avahi-daemon', 'unshare'],
  async start(ctx) {
    await startAvahi(ctx, 'pwlab-mdns', {
      server: ['allow-interfaces=eth0'],
      publish: ['publish-addresses=yes', 'publish-hinfo=yes', 'publish-workstation=yes'],
      services: {
        'http.service': avahiService('portwarden lab web', '_http._tcp', 80, ['path=/']),
        'ssh.service': avahiService('portwarden lab ssh', '_ssh._tcp', 22),
      },
    });
  },
};
