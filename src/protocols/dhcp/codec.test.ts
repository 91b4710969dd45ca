import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDhcpReply, probeDhcp } from './codec.js';

/**
 * The DHCPACK dnsmasq 2.90 sent in the lab to a DHCPINFORM (xid 0x42424242, ciaddr 203.0.113.1), captured on
 * port 68 of 203.0.113.1, where the server sends it (not to the request's source port).
 */
const captured = Buffer.from(
  readFileSync(new URL('../../../test/fixtures/dhcp/dnsmasq-2.90-inform-ack.hex', import.meta.url), 'utf8').trim(),
  'hex',
);
const XID = 0x42424242;
const chaddr = Uint8Array.of(2, 0, 0, 0, 0, 1);

describe('probeDhcp', () => {
  it('asks for a broadcast offer in a DHCPDISCOVER, with boot options in the request list', () => {
    const probe = Buffer.from(probeDhcp({ xid: 7, chaddr, messageType: 'discover', broadcast: true }));
    expect(probe).toHaveLength(300);
    expect(probe.readUInt16BE(10)).toBe(0x8000);
    expect(probe.subarray(12, 16)).toEqual(Buffer.alloc(4));
    expect(probe.subarray(240, 254).toString('hex')).toBe('35010137080103060f33364243ff');
  });

  it('is a 300-byte BOOTREQUEST carrying a DHCPINFORM', () => {
    const probe = Buffer.from(probeDhcp({ xid: 0x1234, chaddr, ciaddr: '203.0.113.1' }));
    expect(probe).toHaveLength(300);
    expect(probe.subarray(0, 16).toString('hex')).toBe('010106000000123400000000cb007101');
    expect(probe.subarray(28, 34)).toEqual(Buffer.from(chaddr));
    expect(probe.subarray(236, 250).toString('hex')).toBe('6382536335010837040103060fff');
    expect(() => probeDhcp({ xid: 1, chaddr: new Uint8Array(5) })).toThrow(RangeError);
    expect(() => probeDhcp({ xid: 1, chaddr, ciaddr: '203.0.113.300' })).toThrow(RangeError);
  });
});

describe('parseDhcpReply', () => {
  it('reads a real dnsmasq DHCPACK', () => {
    expect(parseDhcpReply(captured, XID)).toEqual({
      xid: XID,
      messageType: 5,
      yiaddr: '0.0.0.0',
      siaddr: '203.0.113.53',
      serverId: '203.0.113.53',
      subnetMask: '255.255.255.0',
      routers: ['203.0.113.53'],
      dnsServers: ['203.0.113.53'],
      domainName: null,
      leaseSeconds: null,
      tftpServer: null,
      bootFile: null,
    });
  });

  it('rejects a reply to another transaction, and a request', () => {
    expect(parseDhcpReply(captured, XID + 1)).toBeNull();
    expect(parseDhcpReply(probeDhcp({ xid: XID, chaddr }), XID)).toBeNull();
  });

  it('survives truncated options, lying lengths, garbage and oversized input', () => {
    for (let n = 0; n < captured.length; n++) {
      const r = parseDhcpReply(captured.subarray(0, n), XID);
      if (n < 240) expect(r).toBeNull();
      else expect(r?.xid).toBe(XID);
    }
    const lying = Buffer.from(captured);
    lying[241] = 255; // the first option's length
    expect(parseDhcpReply(lying, XID)).toMatchObject({ messageType: null });
    const noCookie = Buffer.from(captured);
    noCookie.writeUInt32BE(0, 236);
    expect(parseDhcpReply(noCookie, XID)).toMatchObject({ messageType: null, siaddr: '203.0.113.53' });
    const manyRouters = Buffer.concat([captured.subarray(0, 240), Buffer.from([3, 252]), Buffer.alloc(252, 1)]);
    expect(parseDhcpReply(manyRouters, XID)?.routers).toHaveLength(8);
    expect(parseDhcpReply(Buffer.alloc(70_000), 0)).toBeNull();
  });
});
