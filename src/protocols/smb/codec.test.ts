import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  fileTimeToDate,
  parseSmb2Negotiate,
  parseSmb2SessionSetup,
  parseSmb2TreeConnect,
  smb2CapabilityNames,
  smb2DialectName,
  smb2NegotiateRequest,
  smb2TreeConnectRequest,
  STATUS_MORE_PROCESSING_REQUIRED,
} from './codec.js';
import {
  findNtlmssp,
  ntlmAnonymousAuthenticate,
  ntlmNegotiate,
  parseNtlmChallenge,
  spnegoInit,
  spnegoMechanisms,
} from './ntlmssp.js';
import { parseSmb1Negotiate, smb1NegotiateRequest, smb1PeekNamedPipe } from './smb1.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/smb/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');

describe('SMB2 NEGOTIATE', () => {
  it('offers 3.1.1 with the preauth and encryption contexts at 8-byte boundaries', () => {
    const req = smb2NegotiateRequest(0, { clientGuid: new Uint8Array(16), salt: new Uint8Array(32) });
    const v = new DataView(req.buffer);
    expect(Buffer.from(req.subarray(0, 4)).toString('latin1')).toBe('\xfeSMB');
    expect(v.getUint16(64 + 2, true)).toBe(5);
    const contexts = v.getUint32(64 + 28, true);
    expect(contexts % 8).toBe(0);
    expect(v.getUint16(contexts, true)).toBe(1);
    expect(
      smb2NegotiateRequest(0, { dialects: [0x0202], clientGuid: new Uint8Array(16), salt: new Uint8Array(32) }).length,
    ).toBe(102);
  });

  it('reads a real Samba 4.17 answer: 3.1.1, signing enabled not required, Samba GUID, contexts', () => {
    const n = parseSmb2Negotiate(fixture('samba-4.17-smb2-negotiate-311'));
    expect(n).toMatchObject({
      dialect: 0x0311,
      signingEnabled: true,
      signingRequired: false,
      serverStartTime: null,
      contextTypes: [1, 2],
    });
    expect(n?.serverGuid).toBe('616c7770-2d62-6d73-6200-000000000000');
    expect(n?.systemTime?.getUTCFullYear()).toBeGreaterThan(2020);
    expect(spnegoMechanisms(n?.securityBlob ?? new Uint8Array(0))).toEqual(['NTLMSSP']);
    expect(parseSmb2Negotiate(fixture('samba-4.17-hard-smb2-negotiate-311'))?.signingRequired).toBe(true);
  });

  it('names dialects and capabilities', () => {
    expect([0x0202, 0x0210, 0x0300, 0x0302, 0x0311, 0x02ff, 0x0999].map(smb2DialectName)).toEqual([
      '2.0.2',
      '2.1',
      '3.0',
      '3.0.2',
      '3.1.1',
      '2.???',
      '0x0999',
    ]);
    expect(smb2CapabilityNames(0x47)).toEqual(['DFS', 'LEASING', 'LARGE_MTU', 'ENCRYPTION']);
    expect(fileTimeToDate(0n)).toBeNull();
    expect(fileTimeToDate(116444736000000000n)?.getTime()).toBe(0);
  });

  it('survives every truncation, noise, lying offsets', () => {
    const real = fixture('samba-4.17-smb2-negotiate-311');
    for (let n = 0; n < real.length; n++) parseSmb2Negotiate(real.subarray(0, n));
    for (let seed = 1; seed < 200; seed++) {
      const junk = Buffer.from(real);
      junk.set(noise(seed, 40), 64 + (seed % 100));
      const r = parseSmb2Negotiate(junk);
      expect(r === null || r.securityBlob.length <= junk.length).toBe(true);
    }
    const lying = Buffer.from(real);
    lying.writeUInt16LE(0xffff, 64 + 58); // security buffer length
    expect(parseSmb2Negotiate(lying)).toBeNull();
    expect(
      parseSmb2Negotiate(smb2NegotiateRequest(0, { clientGuid: new Uint8Array(16), salt: new Uint8Array(32) })),
    ).toBeNull();
  });
});

describe('SESSION_SETUP and NTLMSSP', () => {
  it('reads the CHALLENGE of a real Samba: names, timestamp, OS version', () => {
    const s = parseSmb2SessionSetup(fixture('samba-4.17-session-setup-challenge'));
    expect(s?.header.status).toBe(STATUS_MORE_PROCESSING_REQUIRED);
    const c = parseNtlmChallenge(findNtlmssp(s?.token ?? new Uint8Array(0)) ?? new Uint8Array(0));
    expect(c).toMatchObject({ netbiosComputer: 'PWLAB-SMB', targetName: 'PWLAB-SMB', osVersion: '6.1.0' });
    expect(c?.timestamp).toBeInstanceOf(Date);
  });

  it('builds the SPNEGO-wrapped NEGOTIATE and an anonymous AUTHENTICATE', () => {
    const token = spnegoInit(ntlmNegotiate());
    expect(token[0]).toBe(0x60);
    expect(spnegoMechanisms(token)).toEqual(['NTLMSSP']);
    expect(findNtlmssp(token)?.length).toBe(32);
    const auth = ntlmAnonymousAuthenticate();
    const v = new DataView(auth.buffer);
    expect(v.getUint32(8, true)).toBe(3);
    expect(v.getUint16(12, true)).toBe(1); // LM response Z(1)
    expect(v.getUint16(20, true)).toBe(0); // no NT response
    expect(v.getUint16(36, true)).toBe(0); // no user name
    expect(v.getUint32(60, true) & 0x800).toBe(0x800);
  });

  it('survives truncated and hostile challenges', () => {
    const real =
      findNtlmssp(parseSmb2SessionSetup(fixture('samba-4.17-session-setup-challenge'))?.token ?? new Uint8Array(0)) ??
      new Uint8Array(0);
    for (let n = 0; n < real.length; n++) parseNtlmChallenge(real.subarray(0, n));
    const hostile = Buffer.from(real);
    hostile.writeUInt32LE(0xfffffff0, 44); // target info offset
    expect(parseNtlmChallenge(hostile)?.netbiosComputer).toBeNull();
  });

  it('reads TREE_CONNECT refusals and encodes the UNC path in UTF-16', () => {
    const req = smb2TreeConnectRequest(3, 5n, '\\\\h\\IPC$');
    expect(Buffer.from(req.subarray(72)).toString('utf16le')).toBe('\\\\h\\IPC$');
    const refused = Buffer.from(req);
    refused[16] = 1; // a response
    refused.writeUInt32LE(0xc0000022, 8);
    expect(parseSmb2TreeConnect(refused)).toMatchObject({ shareType: null, header: { status: 0xc0000022 } });
  });
});

describe('SMB1', () => {
  it('offers the classic dialects and reads a real Samba answer: NT LM 0.12, names, signing', () => {
    expect(Buffer.from(smb1NegotiateRequest()).toString('latin1')).toContain('\x02NT LM 0.12\x00');
    const n = parseSmb1Negotiate(fixture('samba-4.17-smb1-negotiate'));
    expect(n).toMatchObject({
      dialectIndex: 5,
      domain: 'LABGROUP',
      server: 'PWLAB-SMB',
      signingEnabled: true,
      signingRequired: false,
    });
  });

  it('reads the refusal of every dialect by a server without SMB1', () => {
    expect(parseSmb1Negotiate(fixture('samba-4.17-hard-smb1-negotiate'))?.dialectIndex).toBe(0xffff);
  });

  it('puts the PeekNamedPipe parameters right after the \\PIPE\\ name, as the probe requires', () => {
    const t = smb1PeekNamedPipe({ userId: 1, treeId: 2, multiplexId: 3 });
    const v = new DataView(t.buffer);
    expect(t.length).toBe(74);
    expect(v.getUint16(33 + 20, true)).toBe(74);
    expect(v.getUint16(33 + 28, true)).toBe(0x23);
  });

  it('survives every truncation of a real answer', () => {
    const real = fixture('samba-4.17-smb1-negotiate');
    for (let n = 0; n < real.length; n++) parseSmb1Negotiate(real.subarray(0, n));
    for (let seed = 1; seed < 100; seed++) parseSmb1Negotiate(noise(seed, 120));
  });
});
