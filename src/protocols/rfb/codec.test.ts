import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import {
  clientVersion,
  encodeVersion,
  parseSecurityType33,
  parseSecurityTypes,
  parseVencryptSubtypes,
  parseVersion,
  securityTypeName,
} from './codec.js';

describe('rfb codec', () => {
  it('reads the real TigerVNC version and answers 3.8', () => {
    const v = parseVersion(hexFixture('rfb', 'tigervnc-1.12-version'));
    expect(v).toEqual({ major: 3, minor: 8 });
    expect(Buffer.from(encodeVersion(clientVersion(v ?? { major: 0, minor: 0 }))).toString()).toBe('RFB 003.008\n');
    expect(clientVersion({ major: 3, minor: 889 })).toEqual({ major: 3, minor: 8 });
    expect(clientVersion({ major: 3, minor: 5 })).toEqual({ major: 3, minor: 3 });
    expect(parseVersion(Buffer.from('SSH-2.0-Open'))).toBeNull();
  });

  it('reads the real security-type lists', () => {
    expect(parseSecurityTypes(hexFixture('rfb', 'tigervnc-1.12-types-none'))?.offer).toEqual({
      kind: 'types',
      types: [1],
    });
    const tls = parseSecurityTypes(hexFixture('rfb', 'tigervnc-1.12-types-tlsvnc'));
    expect(tls?.offer).toEqual({ kind: 'types', types: [19] });
    expect(securityTypeName(19)).toBe('VeNCrypt');
    expect(securityTypeName(200)).toBe('type 200');
  });

  it('reads failures, the 3.3 form and VeNCrypt sub-types', () => {
    const failure = Buffer.concat([Buffer.from([0, 0, 0, 0, 5]), Buffer.from('nope!')]);
    expect(parseSecurityTypes(failure)).toEqual({ offer: { kind: 'failure', reason: 'nope!' }, length: 10 });
    expect(parseSecurityType33(Buffer.from([0, 0, 0, 2]))?.offer).toEqual({ kind: 'types', types: [2] });
    expect(parseVencryptSubtypes(Buffer.from('00020000010200000104', 'hex'))?.subtypes).toEqual([258, 260]);
    expect(parseVencryptSubtypes(Buffer.from([1]))?.subtypes).toBeNull();
  });

  it('waits on truncation and refuses absurd reasons', () => {
    expect(parseSecurityTypes(Buffer.from([3, 1, 2]))).toBeNull();
    expect(parseSecurityTypes(Buffer.from([0, 0, 0, 0]))).toBeNull();
    expect(parseSecurityType33(Buffer.from([0, 0]))).toBeNull();
    expect(parseVencryptSubtypes(Buffer.from([0, 2, 0, 0, 1]))).toBeNull();
    expect(() => parseSecurityTypes(Buffer.from([0, 0xff, 0xff, 0xff, 0xff]))).toThrow(RangeError);
  });
});
