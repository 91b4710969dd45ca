import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexFixtureLines } from '../../../test/support/fixture.js';
import {
  encodeMSearch,
  isPortMappingService,
  parseDescription,
  parseLocation,
  parseSsdpReply,
  sameHost,
  serverProduct,
} from './codec.js';

const xml = readFileSync(new URL('../../../test/fixtures/upnp/minidlna-1.3.0-rootDesc.xml', import.meta.url));

/** An IGD description in the shape UPnP IGD:1 devices (miniupnpd, router firmware) serve. */
const IGD = `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>
<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><friendlyName>Router &amp; Co</friendlyName>
<manufacturer>Example</manufacturer><modelName>GW-1</modelName><UDN>uuid:1</UDN>
<serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType><controlURL>/ctl/L3F</controlURL></service></serviceList>
<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><friendlyName>WAN</friendlyName>
<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
<serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
<controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL></service></serviceList></device></deviceList></device></deviceList></device></root>`;

describe('SSDP codec', () => {
  it('builds a unicast M-SEARCH naming the target', () => {
    const text = Buffer.from(encodeMSearch('2001:db8::1', 1900)).toString('latin1');
    expect(text).toMatch(/^M-SEARCH \* HTTP\/1\.1\r\nHOST: \[2001:db8::1\]:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\n/);
    expect(text).toContain('ST: ssdp:all\r\n');
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('reads the six replies of minissdpd for minidlna', () => {
    const replies = hexFixtureLines('ssdp', 'minissdpd-1.6-minidlna-1.3.0').map(parseSsdpReply);
    expect(replies).toHaveLength(6);
    expect(new Set(replies.map((r) => r?.location))).toEqual(new Set(['http://203.0.113.219:8200/rootDesc.xml']));
    expect(replies.map((r) => r?.st)).toContain('upnp:rootdevice');
    expect(replies[0]?.server).toBe('Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0');
  });

  it('refuses what is not a search response', () => {
    expect(parseSsdpReply(Buffer.from('NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n\r\n'))).toBeNull();
    expect(parseSsdpReply(Buffer.from('HTTP/1.1 404 Not Found\r\n\r\n'))).toBeNull();
    expect(parseSsdpReply(Buffer.from([0, 1, 2, 3]))).toBeNull();
    expect(parseSsdpReply(Buffer.from('HTTP/1.1 200 OK\r\nSERVER: a\x1b[2Jb\r\n\r\n'))?.server).toBe('a[2Jb');
  });

  it('splits LOCATION URLs and compares hosts', () => {
    expect(parseLocation('http://[2001:DB8::1]:49152/desc.xml?x=1')).toEqual({
      host: '2001:db8::1',
      port: 49152,
      path: '/desc.xml?x=1',
    });
    expect(parseLocation('http://192.0.2.1/d.xml')?.port).toBe(80);
    expect(parseLocation('https://h/d.xml')).toBeNull();
    expect(parseLocation('/relative.xml')).toBeNull();
    expect(sameHost('2001:db8::1', '[2001:DB8::1]')).toBe(true);
    expect(sameHost('203.0.113.9', '203.0.113.219')).toBe(false);
  });

  it("reads minidlna's description", () => {
    const d = parseDescription(xml);
    expect(d).toMatchObject({
      deviceType: 'urn:schemas-upnp-org:device:MediaServer:1',
      friendlyName: 'portwarden lab media',
      manufacturer: 'Justin Maggard',
      modelName: 'Windows Media Connect compatible (MiniDLNA)',
      modelNumber: '1.3.0',
      serialNumber: 'PW-LAB-0219',
      udn: 'uuid:4d696e69-444c-164e-9d41-5057004c0219',
      embeddedDevices: [],
    });
    expect(d?.services.map((s) => s.controlURL)).toEqual([
      '/ctl/ContentDir',
      '/ctl/ConnectionMgr',
      '/ctl/X_MS_MediaReceiverRegistrar',
    ]);
    expect(d?.services.some((s) => isPortMappingService(s.serviceType))).toBe(false);
  });

  it('reads an IGD: root fields, embedded devices and the WANIPConnection service', () => {
    const d = parseDescription(IGD);
    expect(d?.friendlyName).toBe('Router & Co');
    expect(d?.embeddedDevices).toEqual([
      'urn:schemas-upnp-org:device:WANDevice:1',
      'urn:schemas-upnp-org:device:WANConnectionDevice:1',
    ]);
    const wan = d?.services.find((s) => isPortMappingService(s.serviceType));
    expect(wan).toEqual({
      serviceType: 'urn:schemas-upnp-org:service:WANIPConnection:1',
      controlURL: '/ctl/IPConn',
      eventSubURL: '/evt/IPConn',
    });
    expect(isPortMappingService('urn:schemas-upnp-org:service:WANPPPConnection:1')).toBe(true);
    expect(isPortMappingService('urn:schemas-upnp-org:service:WANIPv6FirewallControl:1')).toBe(true);
  });

  it('refuses non-descriptions and stays bounded on huge input', () => {
    expect(parseDescription('<html><body>hi</body></html>')).toBeNull();
    const huge = `<root><device><serviceList>${'<service><serviceType>x</serviceType></service>'.repeat(10_000)}`;
    expect(parseDescription(huge)?.services.length).toBe(64);
  });

  it('names the product after the UPnP token of SERVER', () => {
    expect(serverProduct('Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0')).toEqual({
      product: 'MiniDLNA',
      version: '1.3.0',
    });
    expect(serverProduct('Linux/5.4, UPnP/1.0, Portable SDK for UPnP devices/1.6.19')).toEqual({
      product: 'Portable',
      version: null,
    });
    expect(serverProduct('no token here')).toBeNull();
  });
});
