import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDnsReply, probeDns } from './codec.js';
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
