import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import { parseNtlmChallenge } from '../smb/ntlmssp.js';
import {
  encodeTsRequest,
  ntlmNegotiateWithVersion,
  parseTsRequest,
  tsRequestLength,
  windowsRelease,
} from './credssp.js';

describe('CredSSP TSRequest ([MS-CSSP] 2.2.1)', () => {
  it('encodes version 6 with one NTLM NEGOTIATE that asks for the server version', () => {
    const negotiate = ntlmNegotiateWithVersion();
    expect(Buffer.from(negotiate.subarray(0, 12)).toString('hex')).toBe('4e544c4d5353500001000000');
    expect(Buffer.from(negotiate).readUInt32LE(12) & 0x02000000).not.toBe(0);
    const req = encodeTsRequest(negotiate);
    // SEQUENCE { [0] INTEGER 6, [1] SEQUENCE { SEQUENCE { [0] OCTET STRING (40 bytes) } } }
    expect(Buffer.from(req.subarray(0, 17)).toString('hex')).toBe('3037a003020106a130302e302ca02a0428');
    expect(tsRequestLength(req)).toBe(req.length);
    expect(parseTsRequest(req)).toEqual({ version: 6, negoToken: negotiate, errorCode: null });
  });

  it('round-trips a spec CHALLENGE ([MS-NLMP] 4.2.4.3) and long DER lengths', () => {
    const challenge = hexFixture('rdp', 'ms-nlmp-4.2.4.3-challenge');
    const reply = parseTsRequest(encodeTsRequest(challenge, 3));
    expect(reply?.version).toBe(3);
    const c = parseNtlmChallenge(reply?.negoToken ?? new Uint8Array(0));
    expect(c).toMatchObject({
      targetName: 'Server',
      netbiosDomain: 'Domain',
      netbiosComputer: 'Server',
      osVersion: '6.0.6000',
    });
    const big = new Uint8Array(300).fill(7);
    expect(Buffer.from(parseTsRequest(encodeTsRequest(big))?.negoToken ?? []).equals(Buffer.from(big))).toBe(true);
  });

  it('reads errorCode, and refuses truncated, foreign or oversized messages', () => {
    // version 6, errorCode 0xc000006d (STATUS_LOGON_FAILURE), no negoTokens
    const error = Buffer.from('3000a003020106a407020500c000006d', 'hex');
    error[1] = error.length - 2;
    expect(parseTsRequest(error)).toEqual({ version: 6, negoToken: null, errorCode: 0xc000006d });
    const req = encodeTsRequest(ntlmNegotiateWithVersion());
    expect(tsRequestLength(req.subarray(0, 20))).toBe(-1);
    expect(parseTsRequest(req.subarray(0, 20))).toBeNull();
    expect(() => tsRequestLength(Buffer.from('160301', 'hex'))).toThrow(RangeError);
    expect(() => tsRequestLength(Buffer.from('3083ffffff', 'hex'))).toThrow(RangeError);
    expect(() => tsRequestLength(Buffer.from('3088', 'hex'))).toThrow(RangeError);
    expect(parseTsRequest(Buffer.from('3003020106', 'hex'))).toBeNull(); // no [0] version
  });
});

describe('Windows releases by NTLM version', () => {
  it('names only builds that belong to one release family', () => {
    expect(windowsRelease('6.1.7601')).toEqual({
      name: 'Windows 7 SP1 / Server 2008 R2 SP1',
      endOfSupport: '2020-01-14',
    });
    expect(windowsRelease('6.3.9600')?.endOfSupport).toBe('2023-10-10');
    expect(windowsRelease('10.0.20348')).toBeNull();
    expect(windowsRelease('6.1.0')).toBeNull(); // Samba
  });
});
