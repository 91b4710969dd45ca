import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CIPHERS,
  KEX_METHODS,
  MACS,
  PacketOpener,
  PacketSealer,
  deriveKey,
  directionKeys,
  hostKeyInfo,
  pick,
  x25519,
} from './kex.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('key agreement', () => {
  it('X25519 reproduces RFC 7748 §6.1', () => {
    const alice = x25519(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
    const bob = x25519(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'));
    expect(Buffer.from(alice.publicKey).toString('hex')).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    );
    expect(Buffer.from(bob.publicKey).toString('hex')).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    );
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(Buffer.from(alice.secret(bob.publicKey)).toString('hex')).toBe(shared);
    expect(Buffer.from(bob.secret(alice.publicKey)).toString('hex')).toBe(shared);
  });

  it('refuses peer values that would give a weak secret', () => {
    expect(() => x25519().secret(new Uint8Array(32))).toThrow(); // the all-zero (low-order) point
    expect(() => x25519().secret(new Uint8Array(31))).toThrow(RangeError);
    const dh = KEX_METHODS.find((m) => m.name === 'diffie-hellman-group14-sha256')?.create();
    expect(() => dh?.secret(Uint8Array.of(1))).toThrow(RangeError);
    expect(() => dh?.secret(new Uint8Array(0))).toThrow(RangeError);
    expect(() => dh?.secret(new Uint8Array(256).fill(0xff))).toThrow(RangeError); // ≥ p
  });

  it('every method agrees with itself on both sides', () => {
    for (const method of KEX_METHODS) {
      const a = method.create();
      const b = method.create();
      expect(Buffer.from(a.secret(b.publicKey)).equals(Buffer.from(b.secret(a.publicKey))), method.name).toBe(true);
    }
  });

  it('picks the first algorithm of the client list the server also has (RFC 4253 §7.1)', () => {
    expect(pick(['a', 'b', 'c'], ['c', 'b'])).toBe('b');
    expect(pick(['a'], ['b'])).toBeNull();
  });
});

describe('key derivation', () => {
  it('extends keys longer than the hash with HASH(K || H || K1 …) (RFC 4253 §7.2)', () => {
    const k = randomBytes(32);
    const h = randomBytes(32);
    const long = deriveKey('sha256', k, h, 'C', h, 80);
    expect(long).toHaveLength(80);
    expect(long.subarray(0, 16).equals(deriveKey('sha256', k, h, 'C', h, 16))).toBe(true);
    expect(long.subarray(0, 32).equals(deriveKey('sha256', k, h, 'D', h, 32))).toBe(false);
    // A secret with its high bit set is an mpint with a leading zero: a different input than without it.
    const high = Buffer.concat([Uint8Array.of(0x80), randomBytes(31)]);
    const alsoHigh = Buffer.concat([Uint8Array.of(0x00), high]);
    expect(deriveKey('sha256', high, h, 'A', h, 16).equals(deriveKey('sha256', alsoHigh, h, 'A', h, 16))).toBe(true);
  });
});

describe('packet protection', () => {
  const k = randomBytes(32);
  const h = randomBytes(32);

  function pair(cipherName: string, macName: string): { sealer: PacketSealer; opener: PacketOpener } {
    const cipher = CIPHERS.find((c) => c.name === cipherName);
    const mac = MACS.find((m) => m.name === macName);
    if (cipher === undefined || mac === undefined) throw new Error('unknown algorithm');
    const keys = directionKeys('sha256', k, h, h, 'c2s', cipher, mac);
    return { sealer: new PacketSealer(keys), opener: new PacketOpener(keys) };
  }

  function open(opener: PacketOpener, packet: Buffer, seq: number): Buffer {
    const head = packet.subarray(0, opener.head);
    const rest = packet.subarray(opener.head);
    expect(opener.rest(head)).toBe(rest.length);
    return opener.open(head, rest, seq);
  }

  it('round-trips every cipher and MAC over several packets (cipher state carries over)', () => {
    for (const c of CIPHERS) {
      for (const m of MACS) {
        const { sealer, opener } = pair(c.name, m.name);
        for (let seq = 7; seq < 11; seq++) {
          const payload = randomBytes(seq * 13);
          const packet = sealer.seal(payload, seq);
          const aligned = m.etm ? packet.length - 4 - m.length : packet.length - m.length;
          expect(aligned % 16, `${c.name} ${m.name}`).toBe(0);
          expect(open(opener, packet, seq).equals(payload)).toBe(true);
        }
      }
    }
  });

  it('rejects a wrong MAC, a wrong sequence number and an impossible length', () => {
    for (const m of ['hmac-sha2-256', 'hmac-sha2-256-etm@openssh.com']) {
      const a = pair('aes128-ctr', m);
      const packet = a.sealer.seal(Buffer.from('hello'), 3);
      expect(() => open(a.opener, packet, 4)).toThrow(/MAC/);
      const b = pair('aes128-ctr', m);
      const tampered = Buffer.from(b.sealer.seal(Buffer.from('hello'), 3));
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
      expect(() => open(b.opener, tampered, 3)).toThrow(/MAC/);
    }
    const etm = pair('aes128-ctr', 'hmac-sha2-256-etm@openssh.com').opener;
    expect(() => etm.rest(hex('7fffffff'))).toThrow(RangeError);
    expect(() => etm.rest(hex('00000011'))).toThrow(RangeError); // not a multiple of the block size
    // Random bytes decrypt to a random length: rejected, not waited for.
    const plain = pair('aes256-ctr', 'hmac-sha2-512').opener;
    expect(() => plain.rest(hex('ffffffffffffffffffffffffffffffff'))).toThrow(RangeError);
  });
});

describe('host key', () => {
  it('gives the type and the SHA-256 fingerprint ssh-keygen -l prints, for keys of the lab sshd', () => {
    const blob = (name: string): Buffer =>
      Buffer.from(
        readFileSync(new URL(`../../../test/fixtures/ssh/${name}`, import.meta.url), 'utf8').split(' ')[1] ?? '',
        'base64',
      );
    expect(hostKeyInfo(blob('lab-ssh-host-ed25519.pub'))).toEqual({
      type: 'ssh-ed25519',
      fingerprint: 'SHA256:SBe7WKuRchQwUXC6BJyJuWdoKSBmEkyHOgmFWLNqVOA',
    });
    expect(hostKeyInfo(blob('lab-ssh-host-rsa.pub'))).toEqual({
      type: 'ssh-rsa',
      fingerprint: 'SHA256:3SAdmFIZ9trHvwPHyTfFZyLuI4zEFyVxiGrt4rWRf0c',
    });
    expect(hostKeyInfo(Uint8Array.of(0, 0, 0, 9)).type).toBe('unknown');
  });
});
