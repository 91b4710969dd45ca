// The TNS codec on packets built from the layout Oracle clients and listeners use (the lab has no listener).
import { describe, expect, it } from 'vitest';
import {
  decodeVsnnum,
  descriptorValue,
  encodeConnect,
  packetLength,
  parsePacket,
  sidDescriptor,
  versionDescriptor,
} from './codec.js';

describe('tns codec', () => {
  it('builds a CONNECT with the descriptor at offset 58', () => {
    const d = versionDescriptor('203.0.113.9', 1521);
    const p = Buffer.from(encodeConnect(d));
    expect(p.readUInt16BE(0)).toBe(p.length);
    expect(p[4]).toBe(1);
    expect(p.readUInt16BE(24)).toBe(d.length);
    expect(p.subarray(58).toString('latin1')).toBe(d);
    expect(() => sidDescriptor('h', 1521, 'X)(COMMAND=STOP')).toThrow(RangeError);
  });

  it('reads REFUSE, REDIRECT and RESEND, and decodes VSNNUM', () => {
    const data = '(DESCRIPTION=(TMP=)(VSNNUM=186646784)(ERR=1189))';
    const refuse = Buffer.concat([
      Buffer.from([0, 12 + data.length, 0, 0, 4, 0, 0, 0, 0x22, 0, 0, data.length]),
      Buffer.from(data),
    ]);
    const p = parsePacket(refuse);
    expect(p).toMatchObject({ type: 'refuse', data });
    expect(decodeVsnnum(Number(descriptorValue(data, 'vsnnum')))).toBe('11.2.0.1.0');
    expect(descriptorValue(data, 'ERR')).toBe('1189');
    expect(parsePacket(Buffer.from([0, 8, 0, 0, 11, 0, 0, 0]))).toEqual({ type: 'resend' });
    expect(
      parsePacket(Buffer.concat([Buffer.from([0, 14, 0, 0, 5, 0, 0, 0, 0, 4]), Buffer.from('(A=)')])),
    ).toMatchObject({ type: 'redirect', data: '(A=)' });
  });

  it('refuses what is not TNS and never throws on truncation', () => {
    expect(parsePacket(Buffer.from('HTTP/1.1 400 Bad'))).toBeNull();
    expect(() => packetLength(Buffer.from([0, 2, 0, 0, 4, 0, 0, 0]))).toThrow(RangeError);
    const full = encodeConnect(sidDescriptor('h', 1, 'XE'));
    for (let n = 0; n < full.length; n += 5) expect(() => parsePacket(full.subarray(0, n))).not.toThrow();
    expect(decodeVsnnum(-1)).toBeNull();
  });
});
