// The TDS codec on packets built from MS-TDS (the lab has no SQL Server), with truncation.
import { describe, expect, it } from 'vitest';
import {
  encodeLogin7,
  encodePrelogin,
  packetLength,
  parsePacket,
  parsePrelogin,
  parseTokens,
  releaseName,
} from './codec.js';

describe('tds codec', () => {
  it('round-trips PRELOGIN options', () => {
    const packet = encodePrelogin('not-supported');
    expect(packetLength(packet)).toBe(packet.length);
    const p = parsePacket(packet);
    expect(p).toMatchObject({ type: 0x12, last: true });
    expect(parsePrelogin(p?.payload ?? new Uint8Array())).toMatchObject({
      version: '0.0.0',
      encryption: 'not-supported',
      mars: false,
    });
  });

  it('builds a LOGIN7 whose fixed part is 94 bytes and names the user in UCS-2', () => {
    const payload = Buffer.from(parsePacket(encodeLogin7('sa', 'db'))?.payload ?? []);
    expect(payload.readUInt32LE(0)).toBe(payload.length);
    const userOffset = payload.readUInt16LE(40);
    expect(payload.readUInt16LE(42)).toBe(2);
    expect(payload.subarray(userOffset, userOffset + 4).toString('utf16le')).toBe('sa');
    expect(payload.readUInt16LE(46)).toBe(0); // empty password
  });

  it('names releases and survives truncated or hostile bytes', () => {
    expect(releaseName('10.50.6000')).toBe('SQL Server 2008 R2');
    expect(releaseName('16.0.1000')).toBe('SQL Server 2022');
    expect(() => packetLength(Uint8Array.of(4, 1, 0, 2, 0, 0, 0, 0))).toThrow(RangeError);
    const payload = parsePacket(encodePrelogin('off'))?.payload ?? new Uint8Array();
    for (let n = 0; n < payload.length; n++) expect(() => parsePrelogin(payload.subarray(0, n))).not.toThrow();
    expect(parsePrelogin(Uint8Array.of(0, 0, 200, 0, 6, 0xff))).toBeNull();
    expect(parseTokens(Uint8Array.of(0xaa, 0xff, 0xff, 1))).toEqual([]);
  });
});
