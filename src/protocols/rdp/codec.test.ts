import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import {
  PROTOCOL_HYBRID,
  PROTOCOL_RDP,
  PROTOCOL_SSL,
  connectionRequest,
  parseConnectionConfirm,
  protocolName,
  tpktLength,
} from './codec.js';

describe('rdp codec', () => {
  it('builds a TPKT/X.224 Connection Request with RDP_NEG_REQ', () => {
    const req = Buffer.from(connectionRequest(PROTOCOL_SSL | PROTOCOL_HYBRID));
    expect(tpktLength(req)).toBe(req.length);
    expect(req[4]).toBe(req.length - 5);
    expect(req[5]).toBe(0xe0);
    expect(req.subarray(-8).toString('hex')).toBe('0100080003000000');
    expect(req.toString('latin1')).toContain('Cookie: mstshash=portwarden\r\n');
  });

  it("reads xrdp's real Connection Confirms", () => {
    expect(parseConnectionConfirm(hexFixture('rdp', 'xrdp-0.9.21-cc-req0'))).toMatchObject({
      kind: 'response',
      protocol: PROTOCOL_RDP,
    });
    expect(parseConnectionConfirm(hexFixture('rdp', 'xrdp-0.9.21-cc-req1'))).toMatchObject({
      kind: 'response',
      protocol: PROTOCOL_SSL,
    });
    expect(parseConnectionConfirm(hexFixture('rdp', 'xrdp-0.9.21-cc-req11'))).toMatchObject({ protocol: PROTOCOL_SSL });
    expect(protocolName(PROTOCOL_HYBRID)).toBe('CredSSP (NLA)');
  });

  it('reads a negotiation failure and a legacy confirm without negotiation data', () => {
    const failure = Buffer.from('030000130ed00000123400030008000' + '5000000', 'hex');
    expect(parseConnectionConfirm(failure)).toEqual({ kind: 'failure', code: 5 });
    expect(parseConnectionConfirm(Buffer.from('0300000b06d00000123400', 'hex'))).toEqual({ kind: 'legacy' });
  });

  it('rejects what is not a Connection Confirm', () => {
    const cc = hexFixture('rdp', 'xrdp-0.9.21-cc-req1');
    for (let n = 0; n < cc.length; n++) expect(parseConnectionConfirm(cc.subarray(0, n))).toBeNull();
    const cr = Buffer.from(cc);
    cr[5] = 0xe0;
    expect(parseConnectionConfirm(cr)).toBeNull();
    expect(() => tpktLength(Buffer.from('HTTP'))).toThrow(RangeError);
    expect(() => tpktLength(Buffer.from([3, 0, 0, 2]))).toThrow(RangeError);
    expect(tpktLength(Buffer.from([3, 0]))).toBe(-1);
  });
});
