// The signatures of knowledge/signatures/{mdns,ssdp,upnp}.yaml on replies captured from the lab's Avahi 0.8 and
// minidlna 1.3.0 behind minissdpd, and on replies in the documented formats of stacks the lab does not run.
import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../src/identify/match.js';
import { loadSignatureSources } from '../src/identify/sources.js';
import { hexFixture, hexFixtureLines } from './support/fixture.js';

const matcher = new SignatureMatcher(loadSignatureSources());
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('signatures of the discovery services', () => {
  it('mdns: an answer to the meta-query with the probe id', () => {
    const reply = Buffer.from(hexFixture('mdns', 'avahi-0.8-services'));
    reply.write('PW', 0, 'latin1');
    expect(matcher.match('mdns-services', reply)).toMatchObject({ service: 'mdns', soft: false });
    expect(matcher.match('mdns-services', hexFixture('mdns', 'avahi-0.8-services'))).toBeNull();
  });

  it('ssdp: MiniDLNA, MiniUPnPd and any OS/UPnP/product SERVER', () => {
    const first = hexFixtureLines('ssdp', 'minissdpd-1.6-minidlna-1.3.0')[0] ?? Buffer.alloc(0);
    expect(matcher.match('ssdp-msearch', first)).toMatchObject({
      service: 'ssdp',
      product: 'MiniDLNA',
      version: '1.3.0',
    });
    expect(
      matcher.match(
        'ssdp-msearch',
        text('HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nSERVER: OpenWRT/23.05 UPnP/1.1 MiniUPnPd/2.3.3\r\n\r\n'),
      ),
    ).toMatchObject({ product: 'MiniUPnPd', version: '2.3.3' });
    expect(
      matcher.match(
        'ssdp-msearch',
        text('HTTP/1.1 200 OK\r\nLOCATION: http://h/d.xml\r\nSERVER: Linux/3.14 UPnP/1.0 IpBridge/1.26.0\r\n\r\n'),
      ),
    ).toMatchObject({ service: 'ssdp', product: 'IpBridge', version: '1.26.0' });
    expect(matcher.match('ssdp-msearch', text('HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n\r\n'))).toMatchObject({
      service: 'ssdp',
      soft: true,
    });
    expect(matcher.match('ssdp-msearch', text('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'))).toBeNull();
  });

  it("upnp: minidlna's HTTP port", () => {
    const head =
      'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: 597\r\n' +
      'Server: Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0\r\nEXT:\r\n\r\n';
    expect(matcher.match('http-get', text(head))).toMatchObject({
      service: 'upnp',
      product: 'MiniDLNA',
      version: '1.3.0',
    });
  });
});
