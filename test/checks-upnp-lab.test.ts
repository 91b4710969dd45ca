// mDNS, SSDP and UPnP checks against real daemons in the lab: Avahi 0.8 (mdns, and mdns-hard kept off the lab
// interface) and minidlna 1.3.0 behind minissdpd 1.6 (upnp, and upnp-hard serving loopback only). Each finds its
// weakness on the weak host and nothing on the hardened one.
import { describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from '../src/checks/types.js';
import { labHost } from './lab/lab.js';
import { check as mdnsDiscover } from '../src/checks/mdns-discover.js';
import { check as ssdpDiscover } from '../src/checks/ssdp-discover.js';
import { check as upnpDescription } from '../src/checks/upnp-description.js';
import { ok } from './support/check-outcome.js';

function run(check: Check, host: string, port: number): Promise<CheckOutcome> {
  return check.run({
    target: { host, port, transport: 'udp', service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 1_500,
    intrusive: false,
    args: {},
  });
}

const mdns = labHost('mdns');
const mdnsHard = labHost('mdns-hard');
describe.runIf(mdns !== null && mdnsHard !== null)('mdns-discover on Avahi 0.8', () => {
  it('lists the services, instances and host name over IPv4 and IPv6', async () => {
    for (const address of [mdns?.address ?? '', mdns?.address6 ?? '']) {
      const r = ok(await run(mdnsDiscover, address, 5353));
      expect(r.evidence['serviceTypes']).toBe('_workstation._tcp.local, _ssh._tcp.local, _http._tcp.local');
      expect(r.evidence['instances']).toContain('portwarden lab web (_http._tcp) → pwlab-mdns.local:80');
      expect(r.evidence['instances']).toContain('portwarden lab ssh (_ssh._tcp) → pwlab-mdns.local:22');
      expect(r.evidence['hostNames']).toBe('pwlab-mdns.local');
      expect(String(r.evidence['addresses'])).toContain(address);
      // The scanner (pwlab, 203.0.113.254/24) shares the link: disclosure, not an off-link responder.
      expect(r.evidence['onLink']).toBe(true);
      expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['disclosure:low']);
      expect(r.service).toEqual({ service: 'mdns' });
    }
  });

  it('the responder kept off the lab interface answers nothing', async () => {
    for (const address of [mdnsHard?.address ?? '', mdnsHard?.address6 ?? '']) {
      expect((await run(mdnsDiscover, address, 5353)).status).toBe('not-applicable');
    }
  });
});

const upnp = labHost('upnp');
const upnpHard = labHost('upnp-hard');
describe.runIf(upnp !== null && upnpHard !== null)('ssdp-discover and upnp-description on minidlna + minissdpd', () => {
  it('ssdp-discover: six replies naming MiniDLNA and its description', async () => {
    const r = ok(await run(ssdpDiscover, upnp?.address ?? '', 1900));
    expect(r.evidence).toMatchObject({
      replies: 6,
      servers: 'Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0',
      locations: `http://${upnp?.address ?? ''}:8200/rootDesc.xml`,
      onLink: true,
    });
    expect(Number(r.evidence['amplification'])).toBeGreaterThan(10);
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['unicast:low']);
    expect(r.service).toEqual({ service: 'ssdp', product: 'MiniDLNA', version: '1.3.0' });
  });

  it('upnp-description: reads the media server, no port-mapping service', async () => {
    const r = ok(await run(upnpDescription, upnp?.address ?? '', 1900));
    expect(r.evidence).toMatchObject({
      friendlyName: 'portwarden lab media',
      manufacturer: 'Justin Maggard',
      serialNumber: 'PW-LAB-0219',
      udn: 'uuid:4d696e69-444c-164e-9d41-5057004c0219',
      otherHostLocations: '',
    });
    expect(r.evidence['services']).toContain('ContentDirectory:1 (/ctl/ContentDir)');
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['description:low']);
  });

  it('minidlna serving loopback only: UDP 1900 of the lab address is closed', async () => {
    for (const check of [ssdpDiscover, upnpDescription]) {
      expect(await run(check, upnpHard?.address ?? '', 1900)).toEqual({
        status: 'not-applicable',
        reason: 'the port is closed (ICMP port unreachable)',
      });
    }
  });
});
