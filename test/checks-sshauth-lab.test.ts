// ssh-auth-methods against Debian's OpenSSH after a real key exchange, and rdp-ntlm-info against xrdp (no CredSSP):
// the weak host's password logins are found, the key-only host and xrdp give nothing.
import { describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from '../src/checks/types.js';
import { labHost } from './lab/lab.js';
import { check as sshAuthMethods } from '../src/checks/ssh-auth-methods.js';
import { check as rdpNtlmInfo } from '../src/checks/rdp-ntlm-info.js';
import { withStream } from '../src/protocols/net/stream.js';
import { SshTransport, type TransportOffer } from '../src/protocols/ssh/transport.js';
import { askNone } from '../src/protocols/ssh/userauth.js';
import { ok } from './support/check-outcome.js';

function run(check: Check, host: string, port: number): Promise<CheckOutcome> {
  return check.run({
    target: { host, port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 3_000,
    intrusive: false,
    args: {},
  });
}

const ssh = labHost('ssh');
const sshWeak = labHost('ssh-weak');
describe.runIf(ssh !== null && sshWeak !== null)('ssh-auth-methods on OpenSSH', () => {
  it('finds password and keyboard-interactive logins on ssh-weak, over IPv4 and IPv6', async () => {
    for (const address of [sshWeak?.address ?? '', sshWeak?.address6 ?? '']) {
      const r = ok(await run(sshAuthMethods, address, 22));
      expect(String(r.evidence['methods']).split(',').sort()).toEqual([
        'keyboard-interactive',
        'password',
        'publickey',
      ]);
      expect(r.evidence).toMatchObject({ kex: 'curve25519-sha256', hostKeyType: 'ssh-ed25519' });
      expect(String(r.evidence['hostKeyFingerprint'])).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(r.findings.map((f) => [f.key, f.severity, f.action])).toEqual([['password', 'medium', 'harden']]);
      expect(r.findings[0]?.evidence['guessable']).toBe('password,keyboard-interactive');
    }
  });

  it('the transport interoperates with sshd for every key exchange, cipher and MAC it implements', async () => {
    const pins: TransportOffer[] = [
      { kex: ['curve25519-sha256@libssh.org'] },
      { kex: ['ecdh-sha2-nistp256'] },
      { kex: ['diffie-hellman-group14-sha256'] },
      { kex: ['diffie-hellman-group16-sha512'] },
      { kex: ['diffie-hellman-group14-sha1'] },
      { cipher: ['aes256-ctr'], mac: ['hmac-sha2-256'] },
      { cipher: ['aes192-ctr'], mac: ['hmac-sha2-512-etm@openssh.com'] },
      { cipher: ['aes128-cbc'], mac: ['hmac-sha2-512'] },
      { cipher: ['aes128-ctr'], mac: ['hmac-sha1'] },
      { cipher: ['aes128-cbc'], mac: ['hmac-sha1-etm@openssh.com'] },
    ];
    for (const offer of pins) {
      const { info, answer } = await withStream(
        { host: sshWeak?.address ?? '', port: 22, limits: { readTimeoutMs: 5_000 } },
        async (s) => {
          const t = new SshTransport(s, offer);
          const info = await t.handshake();
          return { info, ...(await askNone(t, 'pw-interop')) };
        },
      );
      expect(info.strictKex).toBe(true);
      if (offer.kex !== undefined) expect(info.kex).toBe(offer.kex[0]);
      if (offer.cipher !== undefined) expect(info.cipher).toBe(offer.cipher[0]);
      if (offer.mac !== undefined) expect(info.mac).toBe(offer.mac[0]);
      expect(answer).toMatchObject({ kind: 'failure', methods: ['publickey', 'password', 'keyboard-interactive'] });
    }
  });

  it('finds nothing on the key-only server (encrypt-then-MAC, strict kex)', async () => {
    const r = ok(await run(sshAuthMethods, ssh?.address ?? '', 22));
    expect(r.evidence).toMatchObject({ methods: 'publickey', hostKeyType: 'ssh-ed25519', cipher: 'aes128-ctr' });
    expect(r.evidence['mac']).toBe('hmac-sha2-256-etm@openssh.com');
    expect(r.findings).toEqual([]);
  });
});

const rdp = labHost('rdp');
describe.runIf(rdp !== null)('rdp-ntlm-info on xrdp', () => {
  it('is not applicable: xrdp does not select CredSSP', async () => {
    const r = await run(rdpNtlmInfo, rdp?.address ?? '', 3389);
    expect(r.status).toBe('not-applicable');
    expect(r.status === 'not-applicable' && r.reason).toMatch(/CredSSP/);
  });
});
