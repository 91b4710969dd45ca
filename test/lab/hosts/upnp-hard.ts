// minidlna limited to loopback (network_interface=lo), as the KB advises for UPnP that must stay on one side:
// nothing on the lab link answers SSDP, so ssdp-discover and upnp-description have nothing to report.
import type { LabHost } from '../lab.js';
import { startMinidlna } from '../minidlna.js';

export const host: LabHost = {
  name: 'upnp-hard',
  octet: 220,
  description: 'minidlna with network_interface=lo: no SSDP answer on the lab link',
  packages: ['minidlna'],
  programs: ['minidlnad'],
  async start(ctx) {
    await startMinidlna(ctx, {
      networkInterface: 'lo',
      friendlyName: 'portwarden lab hardened media',
      serial: 'PW-LAB-0220',
      modelNumber: '1.3.0',
      uuid: '4d696e69-444c-164e-9d41-5057004c0220',
      minissdpd: null,
      readyAddress: '127.0.0.1',
    });
  },
};
