import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DNS_TYPE,
  dnsSoftware,
  encodeQuery,
  frameTcp,
  parseDnsMessage,
  parseDnsReply,
  probeDns,
  rcodeName,
  readName,
  tcpMessageLength,
} from './codec.js';
import { noise } from '../../../test/support/noise.js';

/** A reply captured from dnsmasq 2.90 in the lab, to probeDns(0x4242). */
const captured = Buffer.from(
  readFileSync(
    new URL('../../../test/fixtures/dns/dnsmasq-2.90-version-bind-ch-txt.hex', import.meta.url),
    'utf8',
  ).trim(),
  'hex',
);

describe('probeDns', () => {
  it('encodes a CHAOS TXT query for version.bind with the id and RD clear', () => {
    expect(Buffer.from(probeDns(0x1234)).toString('hex')).toBe(
      '1234000000010000000000000776657273696f6e0462696e640000100003',
    );
  });

  it('refuses labels DNS cannot carry', () => {
    expect(() => probeDns(1, `${'a'.repeat(64)}.bind`)).toThrow(RangeError);
  });
});

describe('parseDnsReply', () => {
  it('reads the version from a real dnsmasq reply', () => {
    expect(parseDnsReply(captured, 0x4242)).toEqual({
      id: 0x4242,
      rcode: 0,
      opcode: 0,
      authoritative: true,
      truncated: false,
      recursionAvailable: true,
      questionCount: 1,
      answerCount: 1,
      txt: ['dnsmasq-2.90'],
    });
  });

  it('rejects a reply to another query, and a query', () => {
    expect(parseDnsReply(captured, 0x4243)).toBeNull();
    expect(parseDnsReply(probeDns(0x4242), 0x4242)).toBeNull();
  });

  it('survives every truncation, garbage and oversized input without throwing', () => {
    for (let n = 0; n < captured.length; n++) {
      const r = parseDnsReply(captured.subarray(0, n), 0x4242);
      if (n < 12) expect(r).toBeNull();
      else expect(r?.txt.length ?? 0).toBeLessThanOrEqual(1);
    }
    for (let seed = 1; seed < 2000; seed++) {
      const bytes = noise(seed, 12 + (seed % 200));
      bytes[0] = 0x42;
      bytes[1] = 0x42;
      bytes[2] = (bytes[2] ?? 0) | 0x80;
      const r = parseDnsReply(bytes, 0x4242);
      expect(r?.txt.length ?? 0).toBeLessThanOrEqual(8);
    }
    expect(parseDnsReply(new Uint8Array(70_000), 0)).toBeNull();
  });

  it('does not loop on compression pointers that point at themselves', () => {
    const loop = Buffer.from(captured);
    loop.writeUInt16BE(0xc00c, 12);
    expect(parseDnsReply(loop, 0x4242)).not.toBeNull();
  });
});

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/dns/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('encodeQuery, frameTcp, tcpMessageLength', () => {
  it('encodes RD and the class, and frames a message for TCP', () => {
    const q = encodeQuery({ id: 0x4242, name: 'lab.test', type: DNS_TYPE.AXFR });
    expect(Buffer.from(q).toString('hex')).toBe('424200000001000000000000036c616204746573740000fc0001');
    expect(Buffer.from(encodeQuery({ id: 1, name: 'a', type: 1, recursionDesired: true })).readUInt16BE(2)).toBe(
      0x0100,
    );
    const framed = frameTcp(q);
    expect(framed.subarray(0, 2)).toEqual(Uint8Array.of(0, q.length));
    expect(tcpMessageLength(framed)).toBe(q.length + 2);
    expect(tcpMessageLength(framed.subarray(0, 5))).toBe(-1);
    expect(() => encodeQuery({ id: 1, name: `${'a'.repeat(63)}.`.repeat(5), type: 1 })).toThrow(RangeError);
  });
});

describe('parseDnsMessage', () => {
  it('reads a forwarded answer from dnsmasq (RA set, AA copied from the upstream)', () => {
    const m = parseDnsMessage(fixture('dnsmasq-2.90-forwarded-a-rd.hex'));
    expect(m).toMatchObject({ id: 0x4242, rcode: 0, recursionAvailable: true, recursionDesired: true, complete: true });
    expect(m?.questions).toEqual([{ name: 'www.lab.test.', type: 1, qclass: 1 }]);
    expect(m?.answers.map((a) => a.data)).toEqual(['203.0.113.10']);
  });

  it('reads every record of a real AXFR stream, from SOA to SOA', () => {
    const stream = fixture('dnsmasq-2.90-auth-axfr-tcp.hex');
    const records = [];
    for (let pos = 0; pos < stream.length;) {
      const n = tcpMessageLength(stream.subarray(pos));
      expect(n).toBeGreaterThan(2);
      const m = parseDnsMessage(stream.subarray(pos + 2, pos + n));
      expect(m?.complete).toBe(true);
      records.push(...(m?.answers ?? []));
      pos += n;
    }
    expect(records[0]).toMatchObject({ type: DNS_TYPE.SOA, name: 'lab.test.', serial: 2024010101 });
    expect(records.at(-1)?.type).toBe(DNS_TYPE.SOA);
    const data = records.map((r) => `${r.name} ${r.type} ${r.data}`);
    expect(data).toContain('www.lab.test. 1 203.0.113.10');
    expect(data).toContain('www.lab.test. 28 2001:db8:203::10');
    expect(data).toContain('lab.test. 15 10 mail.lab.test.');
    expect(data).toContain('lab.test. 16 v=spf1 mx -all');
  });

  it('reads a refused transfer', () => {
    const refused = fixture('dnsmasq-2.90-auth-axfr-refused-tcp.hex');
    expect(parseDnsMessage(refused.subarray(2))).toMatchObject({ rcode: 5, answers: [] });
    expect(rcodeName(5)).toBe('REFUSED');
    expect(rcodeName(99)).toBe('RCODE99');
  });

  it('survives truncation, noise and pointer loops; forward pointers are refused', () => {
    const reply = fixture('dnsmasq-2.90-forwarded-a-rd.hex');
    for (let n = 0; n < reply.length; n++) {
      const m = parseDnsMessage(reply.subarray(0, n));
      if (n < 12) expect(m).toBeNull();
      else expect(m?.answers.length ?? 0).toBeLessThanOrEqual(1);
    }
    for (let seed = 1; seed < 2000; seed++) {
      const bytes = noise(seed, 12 + (seed % 300));
      bytes[2] = (bytes[2] ?? 0) | 0x80;
      expect(parseDnsMessage(bytes, 64)?.answers.length ?? 0).toBeLessThanOrEqual(64);
    }
    const loop = Buffer.from(reply);
    loop.writeUInt16BE(0xc00c, 12);
    expect(parseDnsMessage(loop)?.complete).toBe(false);
    expect(readName(Buffer.from('c002000000', 'hex'), 0)).toBeNull();
    expect(readName(Buffer.from('03612e6200', 'hex'), 0)?.name).toBe('a\\.b.');
  });
});

describe('dnsSoftware', () => {
  it('names the software of common version strings and nothing for decoys', () => {
    expect(dnsSoftware('9.18.28-1~deb12u2-Debian')).toEqual({
      product: 'ISC BIND',
      version: '9.18.28-1~deb12u2-Debian',
    });
    expect(dnsSoftware('dnsmasq-2.90')).toEqual({ product: 'dnsmasq', version: '2.90' });
    expect(dnsSoftware('unbound 1.17.1')).toEqual({ product: 'Unbound', version: '1.17.1' });
    expect(dnsSoftware('PowerDNS Authoritative Server 4.8.3 (built Jan 1)')?.product).toBe('PowerDNS');
    expect(dnsSoftware('Microsoft DNS 10.0.17763 (4B5F12E0)')).toEqual({
      product: 'Microsoft DNS',
      version: '10.0.17763',
    });
    expect(dnsSoftware('none')).toBeNull();
  });
});
