// mdns-discover, ssdp-discover and upnp-description against local fakes on 127.0.0.1: an IGD whose description
// offers WANIPConnection, a LOCATION naming a third host (reported, never fetched), and hostile peers (garbage,
// truncated DNS, endless replies, a slow HTTP description, silence). None may hang, crash or invent findings.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import { check as mdnsDiscover } from './mdns-discover.js';
import { check as ssdpDiscover } from './ssdp-discover.js';
import { check as upnpDescription } from './upnp-description.js';
import { dribble, fakeServer, type FakeServer } from '../../test/support/fake-server.js';
import { hexFixture } from '../../test/support/fixture.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A UDP fake on 127.0.0.1: `reply` gets each request and answers with zero or more datagrams. */
async function udpFake(reply: (msg: Buffer) => Buffer[]): Promise<number> {
  const s: UdpSocket = createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    for (const d of reply(msg)) s.send(d, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        s.close(() => {
          r();
        });
      }),
  );
  return s.address().port;
}

async function http(handler: Parameters<typeof fakeServer>[0]): Promise<FakeServer> {
  const f = await fakeServer(handler);
  closers.push(() => f.close());
  return f;
}

function run(check: Check, port: number, timeoutMs = 300): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport: 'udp', service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs,
    intrusive: false,
    args: {},
  });
}

const ok = (o: CheckOutcome): Extract<CheckOutcome, { status: 'ok' }> => {
  if (o.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o;
};

const ssdpReply = (location: string, st: string, server = 'Linux/5.10 UPnP/1.1 MiniUPnPd/2.3.1'): Buffer =>
  Buffer.from(
    `HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: ${st}\r\nUSN: uuid:igd::${st}\r\nEXT:\r\nSERVER: ${server}\r\nLOCATION: ${location}\r\n\r\n`,
  );

const IGD_XML = `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>
<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><friendlyName>Fake gateway</friendlyName>
<manufacturer>Example</manufacturer><modelName>GW-1</modelName><serialNumber>SN42</serialNumber><UDN>uuid:igd</UDN>
<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><deviceList><device>
<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType><serviceList><service>
<serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><controlURL>/ctl/IPConn</controlURL>
<eventSubURL>/evt/IPConn</eventSubURL></service></serviceList></device></deviceList></device></deviceList></device></root>`;

describe('ssdp-discover and upnp-description on fakes', () => {
  it('an IGD exposing WANIPConnection is a high finding; the description is read only from the scanned host', async () => {
    const web = await http((s) => {
      s.once('data', (req) => {
        expect(req.toString('latin1')).toMatch(/^GET \/rootDesc\.xml HTTP\/1\.1\r\n/);
        s.end(
          `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ${String(Buffer.byteLength(IGD_XML))}\r\n\r\n${IGD_XML}`,
        );
      });
    });
    const port = await udpFake(() => [
      ssdpReply(`http://127.0.0.1:${String(web.port)}/rootDesc.xml`, 'upnp:rootdevice'),
      ssdpReply(`http://127.0.0.1:${String(web.port)}/rootDesc.xml`, 'urn:schemas-upnp-org:service:WANIPConnection:1'),
      // A LOCATION on another host: listed, never contacted (nothing listens there anyway).
      ssdpReply('http://198.51.100.9:5000/desc.xml', 'urn:schemas-upnp-org:device:MediaRenderer:1'),
    ]);
    const ssdp = ok(await run(ssdpDiscover, port));
    expect(ssdp.evidence).toMatchObject({ replies: 3, onLink: true });
    expect(ssdp.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['unicast:low']);
    expect(ssdp.service).toMatchObject({ service: 'ssdp', product: 'MiniUPnPd', version: '2.3.1' });
    const desc = ok(await run(upnpDescription, port));
    expect(desc.evidence).toMatchObject({
      otherHostLocations: 'http://198.51.100.9:5000/desc.xml',
      friendlyName: 'Fake gateway',
      serialNumber: 'SN42',
      services: 'WANIPConnection:1 (/ctl/IPConn)',
    });
    expect(desc.findings.map((f) => f.severity)).toEqual(['high', 'low']);
    expect(desc.findings[0]?.action).toBe('close');
    expect(desc.findings[0]?.title.zh).toContain('端口映射');
  });

  it('only third-host LOCATIONs: evidence, no connection, no finding', async () => {
    const port = await udpFake(() => [ssdpReply('http://198.51.100.9:5000/desc.xml', 'upnp:rootdevice')]);
    const r = ok(await run(upnpDescription, port));
    expect(r.evidence['otherHostLocations']).toBe('http://198.51.100.9:5000/desc.xml');
    expect(r.findings).toEqual([]);
  });

  it('garbage, NOTIFY and silence are not SSDP answers', async () => {
    const port = await udpFake(() => [Buffer.from([0xff, 0, 1]), Buffer.from('NOTIFY * HTTP/1.1\r\n\r\n')]);
    expect(await run(ssdpDiscover, port)).toEqual({
      status: 'not-applicable',
      reason: 'no answer to a unicast M-SEARCH',
    });
    const silent = await udpFake(() => []);
    expect((await run(upnpDescription, silent)).status).toBe('not-applicable');
  });

  it('an endless stream of replies is capped', async () => {
    const port = await udpFake(() =>
      Array.from({ length: 400 }, (_, i) => ssdpReply(`http://127.0.0.1:1/${String(i)}`, 'x')),
    );
    const started = Date.now();
    const r = ok(await run(ssdpDiscover, port));
    expect(Number(r.evidence['replies'])).toBeLessThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a description served 1 byte/s, or not XML, is an error, not a hang', async () => {
    const slow = await http((s) => {
      s.once('data', () => {
        dribble(s, 'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<root>', 1_000);
      });
    });
    const port = await udpFake(() => [ssdpReply(`http://127.0.0.1:${String(slow.port)}/d.xml`, 'upnp:rootdevice')]);
    const started = Date.now();
    const r = await run(upnpDescription, port, 400);
    expect(r.status).toBe('error');
    expect(Date.now() - started).toBeLessThan(4_000);
    const html = await http((s) => {
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n<html></html>'));
    });
    const port2 = await udpFake(() => [ssdpReply(`http://127.0.0.1:${String(html.port)}/d.xml`, 'upnp:rootdevice')]);
    const r2 = await run(upnpDescription, port2);
    expect(r2).toMatchObject({ status: 'error' });
    expect(r2.status === 'error' && r2.error).toMatch(/no device description/);
  });

  it('a closed port is not applicable', async () => {
    const port = await udpFake(() => []);
    await closers.pop()?.();
    expect(await run(ssdpDiscover, port)).toMatchObject({ status: 'not-applicable' });
    expect(await run(mdnsDiscover, port)).toMatchObject({ status: 'not-applicable' });
  });
});

describe('mdns-discover on fakes', () => {
  /** Answer every query with the captured Avahi reply, its id rewritten to the query's. */
  const echoId =
    (reply: Buffer) =>
    (msg: Buffer): Buffer[] => {
      const out = Buffer.from(reply);
      msg.copy(out, 0, 0, 2);
      return [out];
    };

  it('reads a responder that answers every question with the same services', async () => {
    const port = await udpFake(echoId(hexFixture('mdns', 'avahi-0.8-services')));
    const r = ok(await run(mdnsDiscover, port));
    expect(r.evidence['serviceTypes']).toBe('_workstation._tcp.local, _ssh._tcp.local, _http._tcp.local');
    expect(Number(r.evidence['queries'])).toBeLessThanOrEqual(40);
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['disclosure:low']);
  });

  it('truncated, wrong-id and garbage replies are no answer', async () => {
    const full = hexFixture('mdns', 'avahi-0.8-http-instances');
    const port = await udpFake((msg) => {
      const truncated = Buffer.from(full.subarray(0, 40));
      msg.copy(truncated, 0, 0, 2);
      return [Buffer.from([1, 2, 3]), full, truncated];
    });
    const r = ok(await run(mdnsDiscover, port));
    // The truncated reply carries the right id: it is read as far as it goes, with nothing listed.
    expect(r.evidence['serviceTypes']).toBe('');
    expect(r.findings).toEqual([]);
    const silent = await udpFake(() => []);
    expect(await run(mdnsDiscover, silent)).toEqual({
      status: 'not-applicable',
      reason: 'no mDNS answer to unicast DNS-SD queries',
    });
  });
});
