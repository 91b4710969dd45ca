// The DNS, DHCP, TFTP and SNMP checks against real daemons in the lab: each check reports on the weak host and
// stays silent on the hardened one. Hosts: dns (dnsmasq: open recursion, DHCP, TFTP), dns-auth (AXFR open),
// dns-closed (hardened authoritative), tftp (tftpd-hpa), snmp (public/private), snmp-closed (SNMPv3 only).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import { check as dhcpDiscover } from '../src/checks/dhcp-discover.js';
import { check as dnsRecursion } from '../src/checks/dns-recursion.js';
import { check as dnsVersion } from '../src/checks/dns-version.js';
import { check as dnsZoneTransfer } from '../src/checks/dns-zone-transfer.js';
import { check as snmpCommunity } from '../src/checks/snmp-community.js';
import { check as snmpV3Engine } from '../src/checks/snmp-v3-engine.js';
import { check as snmpWrite } from '../src/checks/snmp-write.js';
import { check as tftpCommonFiles } from '../src/checks/tftp-common-files.js';
import { check as tftpDetect } from '../src/checks/tftp-detect.js';
import { LAB_BRIDGE, labHost, type ReadyHost } from './lab/lab.js';
import { ok } from './support/check-outcome.js';

const dns = labHost('dns');
const dnsAuth = labHost('dns-auth');
const dnsClosed = labHost('dns-closed');
const tftp = labHost('tftp');
const snmp = labHost('snmp');
const snmpClosed = labHost('snmp-closed');

/** The host, once describe.runIf has made sure it is up. */
function need(host: ReadyHost | null): ReadyHost {
  if (host === null) throw new Error('lab host not up');
  return host;
}

function run(
  check: Check,
  host: ReadyHost,
  port: number,
  options: { transport?: 'tcp' | 'udp'; intrusive?: boolean; args?: Record<string, string>; address?: string } = {},
): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: {
      host: options.address ?? host.address,
      port,
      transport: options.transport ?? check.applies.transport,
      service: null,
    },
    signal: AbortSignal.timeout(15_000),
    timeoutMs: 1_000,
    intrusive: options.intrusive ?? false,
    args: options.args ?? {},
  };
  return check.run(ctx);
}

describe.runIf(dns !== null && dnsAuth !== null && dnsClosed !== null)('DNS checks in the lab', () => {
  it('dns-version: dnsmasq discloses its version over UDP and TCP; the hardened server says nothing', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const weak = ok(await run(dnsVersion, need(dns), 53, { transport }));
      expect(weak.evidence['version.bind']).toMatch(/^dnsmasq-\d+\.\d+/);
      expect(weak.findings).toHaveLength(1);
      expect(weak.findings[0]?.severity).toBe('low');
      expect(weak.service?.product).toBe('dnsmasq');
      const hard = ok(await run(dnsVersion, need(dnsClosed), 53, { transport }));
      expect(hard.evidence['version.bind']).toBeNull();
      expect(hard.findings).toEqual([]);
    }
    const v6 = ok(await run(dnsVersion, need(dns), 53, { address: need(dns).address6 }));
    expect(v6.findings).toHaveLength(1);
  });

  it('dns-recursion: the forwarder resolves a name it does not hold; authoritative servers do not recurse', async () => {
    const args = { 'dns.recursion-name': 'www.lab.test' };
    const open = ok(await run(dnsRecursion, need(dns), 53, { args }));
    expect(open.evidence).toMatchObject({ verdict: 'open', recursionAvailable: true });
    expect(open.evidence['data']).toBe('203.0.113.10');
    expect(open.findings.map((f) => f.severity)).toEqual(['medium']);
    const nx = ok(
      await run(dnsRecursion, need(dns), 53, { args: { 'dns.recursion-name': 'nothing.lab.test' }, transport: 'tcp' }),
    );
    expect(nx.evidence['rcode']).toBe('NXDOMAIN');
    expect(nx.findings).toHaveLength(1);
    for (const host of [need(dnsClosed), need(dnsAuth)]) {
      const own = ok(await run(dnsRecursion, host, 53, { args }));
      expect(own.evidence).toMatchObject({ authoritative: true, recursionAvailable: false });
      expect(own.findings).toEqual([]);
      const outside = ok(await run(dnsRecursion, host, 53, { args: { 'dns.recursion-name': 'www.example.test' } }));
      expect(outside.findings).toEqual([]);
    }
  });

  it('dns-zone-transfer: dns-auth hands out lab.test, dns-closed refuses, nothing is sent without --intrusive', async () => {
    const args = { 'dns.zone': 'lab.test' };
    expect((await run(dnsZoneTransfer, need(dnsAuth), 53, { args })).status).toBe('not-applicable');
    const open = ok(await run(dnsZoneTransfer, need(dnsAuth), 53, { args, intrusive: true }));
    expect(open.evidence).toMatchObject({ transferred: true, complete: true, serial: 2024010101 });
    expect(String(open.evidence['sample'])).toContain('www.lab.test.');
    expect(open.findings.map((f) => f.severity)).toEqual(['medium']);
    const closed = ok(await run(dnsZoneTransfer, need(dnsClosed), 53, { args, intrusive: true }));
    expect(closed.evidence['transferred']).toBe(false);
    expect(closed.findings).toEqual([]);
    expect((await run(dnsZoneTransfer, need(dnsAuth), 53, { intrusive: true })).status).toBe('not-applicable');
  });
});

describe.runIf(dns !== null)('DHCP check in the lab', () => {
  it('dhcp-discover: sends only out of pwlab0 and flags the server that is not expected', async () => {
    // The packet goes to the bridge's directed broadcast; the kernel must route that out of the bridge.
    expect(execFileSync('ip', ['route', 'get', '203.0.113.255'], { encoding: 'utf8' })).toContain(
      ` dev ${LAB_BRIDGE} `,
    );
    expect((await run(dhcpDiscover, need(dns), 67, { args: { 'dhcp.interface': LAB_BRIDGE } })).status).toBe(
      'not-applicable',
    );
    const seen = ok(
      await run(dhcpDiscover, need(dns), 67, {
        intrusive: true,
        args: { 'dhcp.interface': LAB_BRIDGE, 'dhcp.expected': '203.0.113.1' },
      }),
    );
    expect(seen.evidence).toMatchObject({
      interface: LAB_BRIDGE,
      destination: '203.0.113.255',
      servers: '203.0.113.53',
    });
    expect(seen.findings).toHaveLength(1);
    expect(seen.findings[0]?.evidence).toMatchObject({
      server: '203.0.113.53',
      routers: '203.0.113.53',
      domain: 'lab.test',
    });
    const expected = ok(
      await run(dhcpDiscover, need(dns), 67, {
        intrusive: true,
        args: { 'dhcp.interface': LAB_BRIDGE, 'dhcp.expected': '203.0.113.53', 'dhcp.message': 'inform' },
      }),
    );
    expect(expected.evidence['servers']).toBe('203.0.113.53');
    expect(expected.findings).toEqual([]);
  });
});

describe.runIf(tftp !== null && dns !== null && dnsClosed !== null)('TFTP checks in the lab', () => {
  it('tftp-detect: tftpd-hpa and dnsmasq answer; a host without TFTP is not reported', async () => {
    for (const host of [need(tftp), need(dns)]) {
      const found = ok(await run(tftpDetect, host, 69));
      expect(found.evidence['errorCode']).toBe(1);
      expect(found.findings.map((f) => f.severity)).toEqual(['medium']);
    }
    expect((await run(tftpDetect, need(dnsClosed), 69)).status).toBe('not-applicable');
  });

  it('tftp-common-files: finds the configuration and the PXE loader, only with --intrusive', async () => {
    expect((await run(tftpCommonFiles, need(tftp), 69)).status).toBe('not-applicable');
    const weak = ok(await run(tftpCommonFiles, need(tftp), 69, { intrusive: true }));
    expect(weak.findings.map((f) => [f.key, f.severity])).toEqual([
      ['startup-config', 'high'],
      ['pxelinux.0', 'low'],
    ]);
    const pxe = ok(
      await run(tftpCommonFiles, need(dns), 69, { intrusive: true, args: { 'tftp.files': 'nothing-here.cfg' } }),
    );
    expect(pxe.evidence['readable']).toBe('startup-config,pxelinux.0');
    expect((await run(tftpCommonFiles, need(dnsClosed), 69, { intrusive: true })).status).toBe('not-applicable');
  });
});

describe.runIf(snmp !== null && snmpClosed !== null)('SNMP checks in the lab', () => {
  it('snmp-community: public and private are accepted by the weak agent, nothing by the v3-only one', async () => {
    const weak = ok(await run(snmpCommunity, need(snmp), 161, { args: { 'snmp.communities': 'secret' } }));
    expect(weak.evidence).toMatchObject({ accepted: 'public,private', sysName: 'lab-snmp', vendor: 'Net-SNMP' });
    expect(weak.findings.map((f) => [f.key, f.severity])).toEqual([
      ['public', 'high'],
      ['private', 'high'],
    ]);
    const hard = ok(await run(snmpCommunity, need(snmpClosed), 161));
    expect(hard.evidence['accepted']).toBe('');
    expect(hard.findings).toEqual([]);
  });

  it('snmp-write: private can write sysContact (set to itself), public cannot', async () => {
    expect((await run(snmpWrite, need(snmp), 161)).status).toBe('not-applicable');
    const weak = ok(await run(snmpWrite, need(snmp), 161, { intrusive: true }));
    expect(weak.findings.map((f) => [f.key, f.severity])).toEqual([['private', 'critical']]);
    expect(weak.findings[0]?.evidence['value']).toBe('ops@lab.test');
    expect(weak.evidence['results']).toMatch(/public:(noAccess|notWritable|readOnly|noSuchName|authorizationError)/);
    const hard = ok(await run(snmpWrite, need(snmpClosed), 161, { intrusive: true }));
    expect(hard.findings).toEqual([]);
  });

  it('snmp-v3-engine: both agents speak v3; only the MAC-based engine ID is a finding', async () => {
    const weak = ok(await run(snmpV3Engine, need(snmp), 161));
    expect(weak.evidence).toMatchObject({ v3: true, enterprise: 8072, vendor: 'Net-SNMP', format: 'MAC' });
    expect(weak.findings.map((f) => f.severity)).toEqual(['low']);
    const hard = ok(await run(snmpV3Engine, need(snmpClosed), 161));
    expect(hard.evidence).toMatchObject({ v3: true, enterprise: 8072 });
    expect(hard.findings).toEqual([]);
  });
});
