import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNtpReply, probeNtp } from './codec.js';

/** A reply captured from chronyd 4.3 in the lab (`local stratum 8`), to probeNtp(eight 0x42 bytes). */
const captured = Buffer.from(
  readFileSync(new URL('../../../test/fixtures/ntp/chronyd-4.3-server.hex', import.meta.url), 'utf8').trim(),
  'hex',
);
const nonce = new Uint8Array(8).fill(0x42);

describe('probeNtp', () => {
  it('is a 48-byte v4 client request carrying the nonce as its transmit timestamp', () => {
    expect(Buffer.from(probeNtp(new Uint8Array(8).fill(1))).toString('hex')).toBe(
      `23${'00'.repeat(39)}${'01'.repeat(8)}`,
    );
    expect(() => probeNtp(new Uint8Array(4))).toThrow(RangeError);
  });
});

describe('parseNtpReply', () => {
  it('reads a real chronyd reply', () => {
    const reply = parseNtpReply(captured, nonce);
    expect(reply).toMatchObject({ leap: 0, version: 4, mode: 4, stratum: 8, refId: '127.127.1.1' });
    // Captured on 2026-11-29.
    expect(new Date(reply?.transmitMs ?? 0).toISOString().slice(0, 10)).toBe('2026-11-29');
  });

  it('rejects a reply to another request, and a client request', () => {
    expect(parseNtpReply(captured, new Uint8Array(8))).toBeNull();
    expect(parseNtpReply(probeNtp(nonce), nonce)).toBeNull();
  });

  it('reads the kiss code of a kiss-o-death packet as text', () => {
    const kod = Buffer.from(captured);
    kod[1] = 0;
    kod.write('RATE', 12, 'latin1');
    expect(parseNtpReply(kod, nonce)).toMatchObject({ stratum: 0, refId: 'RATE' });
  });

  it('survives truncated, garbage and oversized input', () => {
    for (let n = 0; n < 48; n++) expect(parseNtpReply(captured.subarray(0, n), nonce)).toBeNull();
    const garbage = Buffer.alloc(48, 0xff);
    garbage[0] = 0xe4;
    garbage.fill(0x42, 24, 32);
    expect(parseNtpReply(garbage, nonce)).toMatchObject({ leap: 3, mode: 4, refId: '255.255.255.255' });
    expect(parseNtpReply(Buffer.concat([captured, Buffer.alloc(2000)]), nonce)).toBeNull();
    expect(parseNtpReply(captured, new Uint8Array(3))).toBeNull();
  });
});
