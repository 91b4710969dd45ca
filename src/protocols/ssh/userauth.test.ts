import { describe, expect, it } from 'vitest';
import { hexFixture as fixture } from '../../../test/support/fixture.js';
import { SshWriter } from './codec.js';
import { encodeNoneRequest, parseBanner, parseNoneAnswer, parseServiceAccept } from './userauth.js';

describe('userauth none (RFC 4252 §5.2) on OpenSSH 9.2p1 answers', () => {
  it('reads the service accept', () => {
    expect(parseServiceAccept(fixture('ssh', 'openssh-9.2p1-deb12u10-service-accept'))).toBe('ssh-userauth');
    expect(parseServiceAccept(fixture('ssh', 'openssh-9.2p1-deb12u10-weak-none-failure'))).toBeNull();
  });

  it('reads the methods that can continue', () => {
    expect(parseNoneAnswer(fixture('ssh', 'openssh-9.2p1-deb12u10-hardened-none-failure'))).toEqual({
      kind: 'failure',
      methods: ['publickey'],
      partialSuccess: false,
    });
    expect(parseNoneAnswer(fixture('ssh', 'openssh-9.2p1-deb12u10-weak-none-failure'))).toEqual({
      kind: 'failure',
      methods: ['publickey', 'password', 'keyboard-interactive'],
      partialSuccess: false,
    });
    expect(parseNoneAnswer(Uint8Array.of(52))).toEqual({ kind: 'success' });
  });

  it('refuses truncated or foreign messages and drops unprintable method names', () => {
    const weak = fixture('ssh', 'openssh-9.2p1-deb12u10-weak-none-failure');
    expect(parseNoneAnswer(weak.subarray(0, 10))).toBeNull();
    expect(parseNoneAnswer(weak.subarray(0, weak.length - 1))).toBeNull();
    expect(parseNoneAnswer(Uint8Array.of(60))).toBeNull();
    const odd = new SshWriter().byte(51).string('password,\x1b[31mevil,').byte(1).bytes();
    expect(parseNoneAnswer(odd)).toEqual({ kind: 'failure', methods: ['password'], partialSuccess: true });
  });

  it('reads a banner, cut to a bound', () => {
    const b = new SshWriter().byte(53).string('Authorized use only\n'.repeat(100)).string('').bytes();
    expect(parseBanner(b, 40)).toBe('Authorized use only\nAuthorized use only\n');
    expect(parseBanner(Uint8Array.of(53, 0, 0))).toBeNull();
  });

  it('encodes the none request', () => {
    expect(Buffer.from(encodeNoneRequest('u')).toString('hex')).toBe(
      '32' + '0000000175' + '0000000e7373682d636f6e6e656374696f6e' + '000000046e6f6e65',
    );
  });
});
