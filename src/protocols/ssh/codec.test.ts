import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  encodeKexInit,
  encodePacket,
  osHint,
  packetPayload,
  parseKexInit,
  parseSshIdent,
  sshPacketLength,
  terrapinExposed,
  weakAlgorithms,
} from './codec.js';

function fixture(name: string): Buffer {
  return Buffer.from(
    readFileSync(new URL(`../../../test/fixtures/ssh/${name}.hex`, import.meta.url), 'utf8').trim(),
    'hex',
  );
}

/** Split a captured greeting into its identification line and its KEXINIT payload. */
function split(greeting: Buffer): { line: string; payload: Uint8Array } {
  const end = greeting.indexOf('\n') + 1;
  const packet = greeting.subarray(end);
  const n = sshPacketLength(packet);
  const payload = packetPayload(packet.subarray(0, n));
  if (payload === null) throw new Error('no packet');
  return { line: greeting.subarray(0, end).toString('latin1'), payload };
}

describe('parseSshIdent', () => {
  it('reads the protocol, software and comments', () => {
    const { line } = split(fixture('openssh-9.2p1-deb12u10-hardened'));
    const ident = parseSshIdent(line);
    expect(ident).toEqual({ protoVersion: '2.0', software: 'OpenSSH_9.2p1', comments: 'Debian-2+deb12u10' });
    expect(ident && osHint(ident)).toBe('Debian');
    expect(parseSshIdent('SSH-1.99-Cisco-1.25\r\n')).toEqual({
      protoVersion: '1.99',
      software: 'Cisco-1.25',
      comments: '',
    });
    expect(parseSshIdent('SSH-2.0-dropbear_2022.83\r\n')?.software).toBe('dropbear_2022.83');
  });

  it('rejects lines that are not identifications', () => {
    for (const l of ['HTTP/1.1 400 Bad Request', 'SSH-2.0-', 'SSH-x-OpenSSH', `SSH-2.0-${'a'.repeat(300)}`, '']) {
      expect(parseSshIdent(l)).toBeNull();
    }
  });
});

describe('parseKexInit', () => {
  it('reads the hardened server offer: nothing weak, strict kex present', () => {
    const k = parseKexInit(split(fixture('openssh-9.2p1-deb12u10-hardened')).payload);
    expect(k?.kex).toContain('curve25519-sha256');
    expect(k?.kex).toContain('kex-strict-s-v00@openssh.com');
    expect(k?.cipherS2C).toContain('chacha20-poly1305@openssh.com');
    expect(k && weakAlgorithms(k)).toEqual([]);
    expect(k && terrapinExposed(k).exposed).toBe(false);
  });

  it('flags what the weak server re-enabled', () => {
    const k = parseKexInit(split(fixture('openssh-9.2p1-deb12u10-weak')).payload);
    if (k === null) throw new Error('no kexinit');
    const weak = weakAlgorithms(k);
    const names = weak.map((w) => w.name);
    for (const n of ['diffie-hellman-group1-sha1', 'ssh-dss', 'aes128-cbc', '3des-cbc', 'hmac-md5', 'hmac-sha1-96']) {
      expect(names).toContain(n);
    }
    expect(weak.find((w) => w.name === 'diffie-hellman-group1-sha1')?.level).toBe('broken');
    expect(weak.find((w) => w.name === 'aes128-cbc')).toMatchObject({ kind: 'cipher', level: 'weak' });
    expect(names).not.toContain('curve25519-sha256');
    expect(names).not.toContain('aes256-gcm@openssh.com');
  });

  it('sees Terrapin exposure only without strict kex', () => {
    const k = parseKexInit(split(fixture('openssh-9.2p1-deb12u10-hardened')).payload);
    if (k === null) throw new Error('no kexinit');
    const old = { ...k, kex: k.kex.filter((x) => !x.startsWith('kex-strict')) };
    expect(terrapinExposed(old)).toMatchObject({ exposed: true, strictKex: false });
    expect(terrapinExposed(old).via).toContain('chacha20-poly1305@openssh.com');
  });

  it('round-trips a client KEXINIT through the packet framing', () => {
    const payload = encodeKexInit(new Uint8Array(16).fill(7), {
      kex: ['curve25519-sha256'],
      hostKey: ['ssh-ed25519'],
      cipher: ['aes128-ctr'],
      mac: ['hmac-sha2-256'],
    });
    const packet = encodePacket(payload);
    expect(packet.length % 8).toBe(0);
    expect(sshPacketLength(packet)).toBe(packet.length);
    expect(parseKexInit(packetPayload(packet) ?? new Uint8Array())).toMatchObject({
      kex: ['curve25519-sha256'],
      cipherC2S: ['aes128-ctr'],
      compressionS2C: ['none'],
      languagesC2S: [],
    });
  });

  it('survives truncation, garbage and absurd lengths', () => {
    const { payload } = split(fixture('openssh-9.2p1-deb12u10-weak'));
    for (let n = 0; n < payload.length; n += 7) expect(parseKexInit(payload.subarray(0, n))).toBeNull();
    for (let seed = 1; seed < 200; seed++) {
      const junk = noise(seed, 300);
      junk[0] = 20;
      expect(() => parseKexInit(junk)).not.toThrow();
    }
    expect(() => sshPacketLength(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0))).toThrow(RangeError);
    expect(sshPacketLength(Uint8Array.of(0, 0, 0))).toBe(-1);
    expect(packetPayload(Uint8Array.of(0, 0, 0, 6, 200, 1, 2, 3, 4, 5))).toBeNull();
  });
});
