// The NetBIOS, SMB, MSRPC and SunRPC checks against real daemons in the lab (Samba 4.17 smbd/nmbd/samba-dcerpcd,
// rpcbind 1.2.6 with a libtirpc MOUNT server): each finds its weakness on the weak host and nothing on the
// hardened counterpart.
import { describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from '../src/checks/types.js';
import type { Transport } from '../src/core/socket.js';
import { labHost } from './lab/lab.js';
import { check as nbstat } from '../src/checks/nbstat.js';
import { check as smbNegotiate } from '../src/checks/smb-negotiate.js';
import { check as smbSigning } from '../src/checks/smb-signing.js';
import { check as smbNull } from '../src/checks/smb-null-session.js';
import { check as ms17 } from '../src/checks/smb-ms17-010.js';
import { check as epmap } from '../src/checks/msrpc-epmap.js';
import { check as rpcinfo } from '../src/checks/rpcinfo.js';
import { check as showmount } from '../src/checks/nfs-showmount.js';
import { check as amplification } from '../src/checks/rpcbind-udp-amplification.js';
import { ok } from './support/check-outcome.js';

function run(check: Check, host: string, port: number, transport: Transport = 'tcp'): Promise<CheckOutcome> {
  return check.run({
    target: { host, port, transport, service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 3_000,
    intrusive: false,
    args: {},
  });
}

const smb = labHost('smb');
const smbHard = labHost('smb-hard');
describe.runIf(smb !== null && smbHard !== null)('NetBIOS, SMB and MSRPC checks on Samba', () => {
  const weak = smb?.address ?? '';
  const weak6 = smb?.address6 ?? '';
  const hard = smbHard?.address ?? '';

  it('nbstat reads the name table of nmbd, and the hardened host runs no NetBIOS', async () => {
    const r = ok(await run(nbstat, weak, 137, 'udp'));
    expect(r.evidence).toMatchObject({ computer: 'PWLAB-SMB', workgroup: 'LABGROUP', mac: '00:00:00:00:00:00' });
    expect(String(r.evidence['roles'])).toContain('file server');
    expect(r.findings).toHaveLength(1);
    // UDP 138 asks 137 of the same host.
    expect(ok(await run(nbstat, weak, 138, 'udp')).evidence['computer']).toBe('PWLAB-SMB');
    const h = await run(nbstat, hard, 137, 'udp');
    expect(h.status === 'ok' ? h.findings : []).toEqual([]);
    expect(h.status).not.toBe('ok');
  });

  it('smb-negotiate lists SMB1 and 2.0.2-3.1.1 on 445, 139 and IPv6, and no SMB1 on the hardened host', async () => {
    for (const [host, port] of [
      [weak, 445],
      [weak, 139],
      [weak6, 445],
    ] as const) {
      const r = ok(await run(smbNegotiate, host, port));
      expect(r.evidence['dialects']).toBe('NT LM 0.12, 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1');
      expect(r.evidence).toMatchObject({
        smb1: true,
        smb1Domain: 'LABGROUP',
        netbiosComputer: 'PWLAB-SMB',
        product: 'Samba',
      });
      expect(r.findings.map((f) => f.key)).toEqual(['smb1']);
      expect(r.service?.product).toBe('Samba smbd');
      expect(r.service?.service).toBe(port === 139 ? 'netbios-ssn' : 'microsoft-ds');
    }
    const h = ok(await run(smbNegotiate, hard, 445));
    expect(h.evidence).toMatchObject({ dialects: '2.1, 3.0, 3.0.2, 3.1.1', smb1: false, signingRequired: true });
    expect(h.findings).toEqual([]);
    // The hardened host has no NetBIOS session service at all.
    expect((await run(smbNegotiate, hard, 139)).status).toBe('error');
  });

  it('smb-signing flags optional signing, not mandatory signing', async () => {
    for (const port of [445, 139]) {
      const r = ok(await run(smbSigning, weak, port));
      expect(r.evidence['signing']).toBe('enabled');
      expect(r.findings).toHaveLength(1);
    }
    const h = ok(await run(smbSigning, hard, 445));
    expect(h.evidence['signing']).toBe('required');
    expect(h.findings).toEqual([]);
  });

  it('smb-null-session opens IPC$ anonymously on the weak host only', async () => {
    const r = ok(await run(smbNull, weak, 445));
    expect(r.evidence).toMatchObject({ sessionStatus: '0x00000000', ipcStatus: '0x00000000' });
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(smbNull, hard, 445));
    expect(h.evidence['ipcStatus']).toBe('0xC0000022');
    expect(h.findings).toEqual([]);
  });

  it('smb-ms17-010 runs the transaction probe on Samba (never vulnerable) and skips SMB1-less hosts', async () => {
    const r = ok(await run(ms17, weak, 445));
    expect(r.evidence).toMatchObject({ vulnerable: false, transStatus: '0xC0000008' });
    expect(r.findings).toEqual([]);
    expect((await run(ms17, hard, 445)).status).toBe('not-applicable');
  });

  it('msrpc-epmap lists samba-dcerpcd endpoints; the hardened host has no endpoint mapper', async () => {
    const r = ok(await run(epmap, weak, 135));
    expect(Number(r.evidence['endpoints'])).toBeGreaterThan(10);
    expect(String(r.evidence['interfaces'])).toMatch(/epmapper.*|lsarpc/);
    expect(String(r.evidence['tcpPorts'])).toContain('135');
    expect(r.service?.product).toBe('Samba samba-dcerpcd');
    expect(r.findings).toHaveLength(1);
    expect((await run(epmap, hard, 135)).status).toBe('error');
  });
});

const rpc = labHost('rpc');
const rpcClosed = labHost('rpc-closed');
describe.runIf(rpc !== null && rpcClosed !== null)('SunRPC checks on rpcbind', () => {
  const weak = rpc?.address ?? '';
  const hard = rpcClosed?.address ?? '';

  it('rpcinfo dumps the registrations over TCP; the firewalled rpcbind refuses', async () => {
    const r = ok(await run(rpcinfo, weak, 111));
    expect(String(r.evidence['programs'])).toMatch(/^100000 portmapper v2,3,4 tcp\/111 udp\/111; 100005 mountd v1,3 /);
    expect(r.findings.map((f) => f.severity)).toEqual(['medium']);
    expect((await run(rpcinfo, hard, 111)).status).toBe('error');
  });

  it('nfs-showmount finds the export open to everyone, not the one limited to the lab network', async () => {
    const r = ok(await run(showmount, weak, 111));
    expect(r.evidence).toMatchObject({ exports: 2, openToAll: '/srv/public' });
    expect(String(r.evidence['list'])).toContain('/srv/home (203.0.113.0/24)');
    expect(r.findings.map((f) => f.key)).toEqual(['world']);
    expect((await run(showmount, hard, 111)).status).toBe('error');
  });

  it('rpcbind-udp-amplification measures the reflection; rpcbind bound to loopback does not answer', async () => {
    const r = ok(await run(amplification, weak, 111, 'udp'));
    expect(r.evidence['answered']).toBe(true);
    expect(Number(r.evidence['ratio'])).toBeGreaterThan(5);
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(amplification, hard, 111, 'udp'));
    expect(h.evidence['answered']).toBe(false);
    expect(h.findings).toEqual([]);
  });
});
