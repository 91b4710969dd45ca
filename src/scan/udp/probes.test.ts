import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { probeDns } from '../../protocols/dns/codec.js';
import { probeNetbios } from '../../protocols/netbios/codec.js';
import { probeSnmp } from '../../protocols/snmp/codec.js';
import { probeSunRpc } from '../../protocols/sunrpc/codec.js';
import { UDP_SERVICE_PORTS, udpProbe, type UdpService } from './probes.js';

/** Every id is 0x42…, as in the lab where the fixtures were captured. */
const fixed = (n: number): Uint8Array => new Uint8Array(n).fill(0x42);
const fixture = (path: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8').trim(), 'hex');

describe('udpProbe', () => {
  it('maps the well-known ports to their protocols', () => {
    expect([...UDP_SERVICE_PORTS]).toEqual([
      [53, 'dns'],
      [67, 'dhcp'],
      [69, 'tftp'],
      [111, 'sunrpc'],
      [123, 'ntp'],
      [137, 'netbios-ns'],
      [161, 'snmp'],
      [1900, 'ssdp'],
      [5353, 'mdns'],
    ]);
  });

  it('asks an mDNS responder for its service types and a UPnP device to announce itself, and reads their answers', () => {
    const mdns = udpProbe('mdns', 4, fixed);
    const query = mdns.payload('203.0.113.1');
    expect(query.subarray(0, 2)).toEqual(Uint8Array.from([0x42, 0x42]));
    expect(Buffer.from(query).toString('latin1')).toContain('_services');
    // The same message turned into a response (QR bit) with no answers is an answer to this probe; another id is not.
    const answer = Uint8Array.from(query);
    answer[2] = (answer[2] ?? 0) | 0x80;
    expect(mdns.parse(answer)).toMatchObject({ service: 'mdns', reply: { id: 0x4242, response: true } });
    answer[1] = 0x43;
    expect(mdns.parse(answer)).toBeNull();
    const ssdp = udpProbe('ssdp', 4, fixed);
    expect(Buffer.from(ssdp.payload('203.0.113.1')).toString('latin1')).toMatch(/^M-SEARCH \* HTTP\/1\.1\r\n/);
    const reply = 'HTTP/1.1 200 OK\r\nLOCATION: http://203.0.113.219:8200/rootDesc.xml\r\nST: upnp:rootdevice\r\n\r\n';
    expect(ssdp.parse(Buffer.from(reply))).toMatchObject({ service: 'ssdp' });
    expect(ssdp.parse(Buffer.from('garbage'))).toBeNull();
  });

  it('sends the codec request with ids drawn from the random source, the same on every retry', () => {
    let calls = 0;
    const counting = (n: number): Uint8Array => {
      calls++;
      return fixed(n);
    };
    const dns = udpProbe('dns', 4, counting);
    expect(dns.payload('203.0.113.1')).toEqual(probeDns(0x4242));
    expect(dns.payload('203.0.113.1')).toEqual(probeDns(0x4242));
    expect(calls).toBe(1);
    expect(udpProbe('snmp', 6, fixed).payload('::1')).toEqual(probeSnmp(0x42424242));
    expect(udpProbe('sunrpc', 4, fixed).payload('')).toEqual(probeSunRpc(0x42424242));
    expect(udpProbe('netbios-ns', 4, fixed).payload('')).toEqual(probeNetbios(0x4242));
    expect(udpProbe('ntp', 4, fixed).payload('')[0]).toBe(0x23);
  });

  it('reads each captured lab reply as the answer to its probe', () => {
    const cases: [UdpService, string][] = [
      ['dns', 'dns/dnsmasq-2.90-version-bind-ch-txt.hex'],
      ['dhcp', 'dhcp/dnsmasq-2.90-inform-ack.hex'],
      ['tftp', 'tftp/tftpd-hpa-error-not-found.hex'],
      ['sunrpc', 'sunrpc/rpcbind-getport-portmapper.hex'],
      ['ntp', 'ntp/chronyd-4.3-server.hex'],
      ['netbios-ns', 'netbios/nmbd-4.17-nbstat.hex'],
      ['snmp', 'snmp/netsnmp-5.9.3-sysdescr.hex'],
    ];
    for (const [service, path] of cases) {
      expect(udpProbe(service, 4, fixed).parse(fixture(path))?.service, service).toBe(service);
      // The same reply is not an answer to a probe with other ids (TFTP has none to match).
      if (service !== 'tftp')
        expect(udpProbe(service, 4, (n) => new Uint8Array(n).fill(7)).parse(fixture(path))).toBeNull();
    }
  });

  it('puts the socket address in a DHCPINFORM and a locally administered chaddr', () => {
    const payload = udpProbe('dhcp', 4, fixed).payload('203.0.113.1');
    expect(Array.from(payload.subarray(12, 16))).toEqual([203, 0, 113, 1]);
    expect(payload[28]).toBe(0x42);
    expect(
      Array.from(
        udpProbe('dhcp', 4, () => new Uint8Array(6).fill(0xff))
          .payload('0.0.0.0')
          .subarray(12, 16),
      ),
    ).toEqual([0, 0, 0, 0]);
    expect(udpProbe('dhcp', 4, () => new Uint8Array(6).fill(0xff)).payload('')[28]).toBe(0xfe);
  });

  it('sends an empty datagram to other ports, and to DHCP over IPv6', () => {
    for (const probe of [udpProbe(null, 4, fixed), udpProbe('dhcp', 6, fixed)]) {
      expect(probe.service).toBeNull();
      expect(probe.payload('::1')).toHaveLength(0);
      expect(probe.parse(Buffer.from('anything'))).toBeNull();
    }
    expect(udpProbe('tftp', 4, fixed).replyFromOtherPort).toBe(true);
    expect(udpProbe('dns', 4, fixed).replyFromOtherPort).toBe(false);
  });
});
