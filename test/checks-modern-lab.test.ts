// SSH, Redis, memcached, VNC, RDP and RTSP checks against real Debian daemons in the lab: each finds its weakness on the weak host
// and nothing on the hardened counterpart.
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import type { Transport } from '../src/core/socket.js';
import { labHost } from './lab/lab.js';
import { check as sshBanner } from '../src/checks/ssh-banner.js';
import { check as sshAlgorithms } from '../src/checks/ssh-algorithms.js';
import { check as redisNoauth } from '../src/checks/redis-noauth.js';
import { check as memcachedNoauth } from '../src/checks/memcached-noauth.js';
import { check as memcachedUdp } from '../src/checks/memcached-udp.js';
import { check as vncAuth } from '../src/checks/vnc-auth.js';
import { check as rdpDetect } from '../src/checks/rdp-detect.js';
import { check as rtspOptions } from '../src/checks/rtsp-options.js';
import { check as rtspDescribe } from '../src/checks/rtsp-describe-noauth.js';
import { ok } from './support/check-outcome.js';

function run(
  check: Check,
  host: string,
  port: number,
  transport: Transport = 'tcp',
  timeoutMs = 3_000,
): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: { host, port, transport, service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs,
    intrusive: false,
    args: {},
  };
  return check.run(ctx);
}

const ssh = labHost('ssh');
const sshWeak = labHost('ssh-weak');
describe.runIf(ssh !== null && sshWeak !== null)('SSH checks on OpenSSH', () => {
  it('ssh-banner: reads OpenSSH, its version and Debian, over IPv4 and IPv6', async () => {
    for (const address of [ssh?.address ?? '', ssh?.address6 ?? '']) {
      const r = ok(await run(sshBanner, address, 22));
      expect(r.evidence).toMatchObject({ protocol: '2.0', product: 'OpenSSH', os: 'Debian' });
      expect(String(r.evidence['version'])).toMatch(/^\d+\.\d+p\d+$/);
      expect(r.service).toMatchObject({ service: 'ssh', product: 'OpenSSH' });
      // Debian 12's current build carries the regreSSHion fix, and protocol 1 is long gone.
      expect(r.evidence['regresshion']).toBe('fixed');
      expect(r.findings).toEqual([]);
    }
  });

  it('ssh-algorithms: flags the re-enabled legacy algorithms on ssh-weak', async () => {
    const r = ok(await run(sshAlgorithms, sshWeak?.address ?? '', 22));
    const byKey = Object.fromEntries(r.findings.map((f) => [f.key, f]));
    expect(Object.keys(byKey).sort()).toEqual(['cipher', 'hostKey', 'kex', 'mac']);
    expect(String(byKey['kex']?.evidence['kex'])).toContain('diffie-hellman-group1-sha1');
    expect(byKey['kex']?.severity).toBe('medium');
    expect(String(byKey['cipher']?.evidence['cipher'])).toContain('3des-cbc');
    expect(String(byKey['hostKey']?.evidence['hostKey'])).toContain('ssh-dss');
    expect(String(byKey['mac']?.evidence['mac'])).toContain('hmac-md5');
    expect(r.evidence['strictKex']).toBe(true);
  });

  it('ssh-algorithms: finds nothing on the hardened server', async () => {
    const r = ok(await run(sshAlgorithms, ssh?.address ?? '', 22));
    expect(r.findings).toEqual([]);
    expect(String(r.evidence['kex'])).toContain('curve25519-sha256');
  });
});

const redis = labHost('redis');
const redisAuth = labHost('redis-auth');
describe.runIf(redis !== null && redisAuth !== null)('redis-noauth on redis-server', () => {
  it('reads the version without a password on the open server', async () => {
    const r = ok(await run(redisNoauth, redis?.address ?? '', 6379));
    expect(r.evidence).toMatchObject({ auth: 'none', mode: 'standalone' });
    expect(String(r.evidence['version'])).toMatch(/^\d+\.\d+\.\d+$/);
    expect(String(r.evidence['os'])).toContain('Linux');
    expect(r.findings.map((f) => f.severity)).toEqual(['critical']);
  });

  it('finds nothing where a password is required', async () => {
    const r = ok(await run(redisNoauth, redisAuth?.address6 ?? '', 6379));
    expect(r.evidence['auth']).toBe('required');
    expect(r.findings).toEqual([]);
  });
});

const mc = labHost('memcached');
const mcHard = labHost('memcached-hard');
describe.runIf(mc !== null && mcHard !== null)('memcached checks on memcached', () => {
  it('memcached-noauth: answers version and stats on the open server, refuses on the hardened one', async () => {
    const r = ok(await run(memcachedNoauth, mc?.address ?? '', 11211));
    expect(r.evidence['auth']).toBe('none');
    expect(String(r.evidence['version'])).toMatch(/^1\.\d+\.\d+/);
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(memcachedNoauth, mcHard?.address ?? '', 11211));
    expect(h.evidence['auth']).toBe('required');
    expect(h.findings).toEqual([]);
  });

  it('memcached-udp: answers stats over UDP on the open server, nothing on the hardened one', async () => {
    const r = ok(await run(memcachedUdp, mc?.address ?? '', 11211, 'udp'));
    expect(r.evidence['udp']).toBe('enabled');
    expect(Number(r.evidence['amplification'])).toBeGreaterThan(10);
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(memcachedUdp, mcHard?.address ?? '', 11211, 'udp'));
    expect(h.findings).toEqual([]);
  });
});

const vnc = labHost('vnc');
const vncPw = labHost('vnc-auth');
describe.runIf(vnc !== null && vncPw !== null)('vnc-auth on TigerVNC Xvnc', () => {
  it('reports SecurityTypes None as critical', async () => {
    const r = ok(await run(vncAuth, vnc?.address ?? '', 5900));
    expect(r.evidence).toMatchObject({ protocol: '003.008', offered: 'None' });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['no-auth', 'critical']]);
  });

  it('reads the VeNCrypt sub-types of the password-protected server and finds nothing', async () => {
    const r = ok(await run(vncAuth, vncPw?.address6 ?? '', 5900));
    expect(r.evidence).toMatchObject({ securityTypes: 'VeNCrypt', vencryptSubtypes: 'TLSVnc' });
    expect(r.findings).toEqual([]);
  });
});

const rdp = labHost('rdp');
describe.runIf(rdp !== null)('rdp-detect on xrdp', () => {
  it('finds standard RDP security and TLS accepted, NLA not required', async () => {
    const r = ok(await run(rdpDetect, rdp?.address ?? '', 3389));
    expect(r.evidence).toMatchObject({
      selected: 'TLS',
      standardRdpSecurity: true,
      tlsWithoutNla: true,
      nlaRequired: false,
    });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([
      ['no-nla', 'high'],
      ['standard-rdp-security', 'medium'],
    ]);
  });
});

const rtsp = labHost('rtsp');
const rtspAuth = labHost('rtsp-auth');
describe.runIf(rtsp !== null && rtspAuth !== null)('RTSP checks on gst-rtsp-server', () => {
  it('rtsp-options: reads the Server header and the methods', async () => {
    const r = ok(await run(rtspOptions, rtsp?.address ?? '', 554));
    expect(r.evidence).toMatchObject({ status: 200, server: 'GStreamer RTSP server' });
    expect(String(r.evidence['methods']).split(',')).toEqual(
      expect.arrayContaining(['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY']),
    );
    expect(r.findings).toEqual([]);
  });

  it('rtsp-describe-noauth: finds /live open without credentials', async () => {
    const r = ok(await run(rtspDescribe, rtsp?.address ?? '', 554, 'tcp', 8_000));
    expect(r.evidence['open']).toBe('/live');
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['no-auth', 'high']]);
  });

  it('rtsp-describe-noauth: finds nothing behind Digest authentication', async () => {
    const r = ok(await run(rtspDescribe, rtspAuth?.address ?? '', 554, 'tcp', 8_000));
    expect(r.evidence).toMatchObject({ open: '', protected: '/live', authSchemes: 'Digest' });
    expect(r.findings).toEqual([]);
  });
});
