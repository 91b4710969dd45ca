import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NBSS_POSITIVE,
  nbssFramer,
  nbssMessage,
  nbssSessionRequest,
  parseNbssPacket,
  parseNetbiosReply,
  probeNetbios,
  summarizeNetbiosNames,
} from './codec.js';

/** A reply captured from Samba 4.17 nmbd in the lab (name PWLAB, workgroup LABGROUP), to probeNetbios(0x4242). */
const captured = Buffer.from(
  readFileSync(new URL('../../../test/fixtures/netbios/nmbd-4.17-nbstat.hex', import.meta.url), 'utf8').trim(),
  'hex',
);

describe('probeNetbios', () => {
  it("is a node status query for '*', first-level encoded", () => {
    expect(Buffer.from(probeNetbios(0x1234)).toString('hex')).toBe(
      `123400000001000000000000` + `20434b${'41'.repeat(30)}00` + '00210001',
    );
  });
});

describe('parseNetbiosReply', () => {
  it('reads the name table of a real nmbd reply', () => {
    expect(parseNetbiosReply(captured, 0x4242)).toEqual({
      transactionId: 0x4242,
      names: [
        { name: 'PWLAB', suffix: 0x00, group: false },
        { name: 'PWLAB', suffix: 0x03, group: false },
        { name: 'PWLAB', suffix: 0x20, group: false },
        { name: 'LABGROUP', suffix: 0x00, group: true },
        { name: 'LABGROUP', suffix: 0x1e, group: true },
      ],
      mac: '00:00:00:00:00:00',
    });
  });

  it('rejects a reply to another query, a query, and a negative response', () => {
    expect(parseNetbiosReply(captured, 0x4243)).toBeNull();
    expect(parseNetbiosReply(probeNetbios(0x4242), 0x4242)).toBeNull();
    const negative = Buffer.from(captured);
    negative[3] = (negative[3] ?? 0) | 0x03;
    expect(parseNetbiosReply(negative, 0x4242)).toBeNull();
  });

  it('survives every truncation, a lying name count, garbage and oversized input', () => {
    for (let n = 0; n < captured.length; n++) {
      const r = parseNetbiosReply(captured.subarray(0, n), 0x4242);
      expect(r === null || r.names.length <= 5).toBe(true);
    }
    const lying = Buffer.from(captured);
    lying[12 + 34 + 10] = 255; // the name count, just after the 34-byte name and the RR header
    const r = parseNetbiosReply(lying, 0x4242);
    expect(r?.names.length).toBeLessThan(10);
    expect(r?.mac).toBeNull();
    const label = Buffer.from(captured);
    label[12] = 0x7f; // an oversized label
    expect(parseNetbiosReply(label, 0x4242)).toBeNull();
    expect(parseNetbiosReply(Buffer.alloc(70_000), 0)).toBeNull();
  });
});

describe('node summary and session service', () => {
  const pwlabSmb = Buffer.from(
    readFileSync(
      new URL('../../../test/fixtures/netbios/nmbd-4.17-nbstat-pwlab-smb.hex', import.meta.url),
      'utf8',
    ).trim(),
    'hex',
  );

  it('reads computer, workgroup and roles from a real nmbd name table', () => {
    const r = parseNetbiosReply(pwlabSmb, 0x4242);
    expect(summarizeNetbiosNames(r?.names ?? [])).toEqual({
      computer: 'PWLAB-SMB',
      workgroup: 'LABGROUP',
      users: [],
      fileServer: true,
      domainController: false,
      masterBrowser: true,
    });
  });

  it('names logged-on users from <03> names other than the computer', () => {
    const names = [
      { name: 'PC1', suffix: 0x00, group: false },
      { name: 'PC1', suffix: 0x03, group: false },
      { name: 'ALICE', suffix: 0x03, group: false },
      { name: 'CORP', suffix: 0x1c, group: true },
    ];
    expect(summarizeNetbiosNames(names)).toMatchObject({ computer: 'PC1', users: ['ALICE'], domainController: true });
  });

  it('encodes the session request to *SMBSERVER and frames session packets', () => {
    const req = nbssSessionRequest('*SMBSERVER', 'PORTWARDEN');
    expect(req.length).toBe(72);
    expect(Buffer.from(req.subarray(0, 5)).toString('hex')).toBe('8100004420');
    expect(Buffer.from(req.subarray(5, 37)).toString('latin1')).toBe('CKFDENECFDEFFCFGEFFCCACACACACACA');
    const positive = Buffer.from(
      readFileSync(
        new URL('../../../test/fixtures/netbios/smbd-4.17-session-positive.hex', import.meta.url),
        'utf8',
      ).trim(),
      'hex',
    );
    expect(nbssFramer()(positive)).toBe(4);
    expect(parseNbssPacket(positive).type).toBe(NBSS_POSITIVE);
    const msg = nbssMessage(Uint8Array.of(1, 2, 3));
    expect(Buffer.from(msg).toString('hex')).toBe('00000003010203');
    expect(nbssFramer()(msg.subarray(0, 5))).toBe(-1);
    expect(() => nbssFramer(1000)(Uint8Array.of(0, 0x10, 0, 0))).toThrow(RangeError);
    expect(() => nbssFramer()(Uint8Array.of(0x42, 0, 0, 0))).toThrow(RangeError);
  });
});
