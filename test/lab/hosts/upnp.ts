// minidlna, a DLNA/UPnP AV media server, behind minissdpd on the lab link: unicast M-SEARCH on UDP 1900 draws one
// reply per device and service, and minidlna serves its device description over HTTP on 8200 (what ssdp-discover and
// upnp-description report).
import type { LabHost } from '../lab.js';
import { startMinidlna } from '../minidlna.js';

export const host: LabHost = {
  name: 'upnp',
  octet: 219,
  description:
    'minidlna + minissdpd on eth0: unicast SSDP on UDP 1900, UPnP description and ContentDirectory on TCP 8200',
  packages: ['minidlna', 'minissdpd'],
  programs: ['minidlnad', 'minissdpd'],
  async start(ctx) {
    await startMinidlna(ctx, {
      networkInterface: 'eth0',
      friendlyName: 'portwarden lab media',
      serial: 'PW-LAB-0219',
      modelNumber: '1.3.0',
      uuid: '4d696e69-444c-164e-9d41-5057004c0219',
      minissdpd: 'eth0',
      readyAddress: ctx.address,
    });
  },
};
