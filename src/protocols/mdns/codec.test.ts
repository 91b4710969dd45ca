import { describe, expect, it } from 'vitest';
import { DNS_TYPE, parseDnsMessage } from '../dns/codec.js';
import { hexFixture } from '../../../test/support/fixture.js';
import { displayName, encodeMdnsQuery, instanceLabel, isServiceType, mdnsRecords, reverseName } from './codec.js';

describe('mDNS codec', () => {
  it('encodes a one-question query with the QU bit', () => {
    const q = encodeMdnsQuery(0x5057, '_services._dns-sd._udp.local', DNS_TYPE.PTR);
    expect(Buffer.from(q).toString('hex')).toBe(
      '505700000001000000000000095f7365727669636573075f646e732d7364045f756470056c6f63616c00000c8001',
    );
  });

  it('reads the service types of Avahi 0.8', () => {
    const m = parseDnsMessage(hexFixture('mdns', 'avahi-0.8-services'));
    expect(m?.id).toBe(0x1234);
    const types = mdnsRecords(m ?? assertNever()).ptr.get('_services._dns-sd._udp.local.') ?? [];
    expect(types).toEqual(['_workstation._tcp.local.', '_ssh._tcp.local.', '_http._tcp.local.']);
    expect(types.every(isServiceType)).toBe(true);
  });

  it('reads instance, SRV, TXT and both addresses from one legacy unicast reply', () => {
    const m = parseDnsMessage(hexFixture('mdns', 'avahi-0.8-http-instances'));
    const r = mdnsRecords(m ?? assertNever());
    const instance = r.ptr.get('_http._tcp.local.')?.[0] ?? '';
    expect(instanceLabel(instance, '_http._tcp.local.')).toBe('portwarden lab web');
    expect(r.srv.get(instance.toLowerCase())).toEqual({ target: 'pwlab-mdns.local.', port: 80 });
    expect(r.txt.get(instance.toLowerCase())).toBe('path=/');
    expect(r.addresses.get('pwlab-mdns.local.')).toEqual(['2001:db8:203::217', '203.0.113.217']);
  });

  it('reads the host name from a reverse lookup', () => {
    const m = parseDnsMessage(hexFixture('mdns', 'avahi-0.8-reverse'));
    expect(mdnsRecords(m ?? assertNever()).ptr.get('217.113.0.203.in-addr.arpa.')).toEqual(['pwlab-mdns.local.']);
  });

  it('builds reverse names for both families and refuses anything else', () => {
    expect(reverseName('203.0.113.217')).toBe('217.113.0.203.in-addr.arpa');
    expect(reverseName('2001:db8:203::217')).toBe(
      '7.1.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.2.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    expect(reverseName('host.example')).toBeNull();
    expect(reverseName('1::2::3')).toBeNull();
  });

  it('decodes escaped UTF-8 names and keeps control characters escaped', () => {
    expect(displayName('Caf\\195\\169\\032\\0271[2J._http._tcp.local.')).toBe('Café \\0271[2J._http._tcp.local');
    expect(displayName('a\\.b.local.')).toBe('a.b.local');
    expect(isServiceType('_services._dns-sd._udp.local.')).toBe(false);
    expect(isServiceType('x._http._tcp.local.')).toBe(false);
  });
});

function assertNever(): never {
  throw new Error('no message');
}
