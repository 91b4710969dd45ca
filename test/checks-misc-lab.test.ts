// NTP, rsync, admin-console and open-proxy checks against real daemons in the lab (NTPsec, rsync, nginx,
// tinyproxy): each finds its weakness on the weak host and nothing on the hardened counterpart.
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import type { Transport } from '../src/core/socket.js';
import { labHost } from './lab/lab.js';
import { check as ntpInfo } from '../src/checks/ntp-info.js';
import { check as ntpMonlist } from '../src/checks/ntp-monlist.js';
import { check as rsyncModules } from '../src/checks/rsync-modules.js';
import { check as rsyncNoauth } from '../src/checks/rsync-noauth.js';
import { check as consoles } from '../src/checks/http-admin-consoles.js';
import { check as openProxy } from '../src/checks/http-open-proxy.js';
import { ok } from './support/check-outcome.js';

function run(
  check: Check,
  host: string,
  port: number,
  transport: Transport = 'tcp',
  options: { intrusive?: boolean; args?: Record<string, string> } = {},
): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: { host, port, transport, service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 3_000,
    intrusive: options.intrusive ?? false,
    args: options.args ?? {},
  };
  return check.run(ctx);
}

const ntp = labHost('ntp');
const ntpHard = labHost('ntp-hard');
describe.runIf(ntp !== null && ntpHard !== null)('NTP checks on NTPsec ntpd', () => {
  it('ntp-info: reads the mode 3 reply of an unsynchronised server over IPv4 and IPv6', async () => {
    for (const address of [ntp?.address ?? '', ntp?.address6 ?? '', ntpHard?.address ?? '']) {
      const r = ok(await run(ntpInfo, address, 123, 'udp'));
      // No upstream: NTPsec says so with leap 3 and the kiss code INIT.
      expect(r.evidence).toMatchObject({ version: 4, leap: 3, refId: 'INIT' });
      expect(typeof r.evidence['precision']).toBe('number');
      expect(r.service).toMatchObject({ service: 'ntp' });
    }
  });

  it('ntp-info: the restricted server (noquery) gives no mode 6 answer and no finding', async () => {
    const r = ok(await run(ntpInfo, ntpHard?.address ?? '', 123, 'udp'));
    expect(r.evidence['mode6']).toBe('no answer');
    expect(r.findings).toEqual([]);
  });

  it('ntp-monlist: NTPsec has no mode 7, so nothing answers', async () => {
    for (const address of [ntp?.address ?? '', ntpHard?.address ?? '']) {
      const r = ok(await run(ntpMonlist, address, 123, 'udp'));
      expect(r.evidence).toEqual({ mode7: 'no answer' });
      expect(r.findings).toEqual([]);
    }
  });
});

const rsync = labHost('rsync');
const rsyncHard = labHost('rsync-hard');
describe.runIf(rsync !== null && rsyncHard !== null)('rsync checks on rsyncd', () => {
  it('rsync-modules: lists public and backup on the open daemon, over IPv4 and IPv6', async () => {
    for (const address of [rsync?.address ?? '', rsync?.address6 ?? '']) {
      const r = ok(await run(rsyncModules, address, 873));
      expect(r.evidence['modules']).toBe('public, backup');
      expect(String(r.evidence['greeting'])).toMatch(/^@RSYNCD: \d+\.\d+/);
      expect(r.findings.map((f) => f.severity)).toEqual(['low']);
      expect(r.service).toMatchObject({ service: 'rsync', product: 'rsyncd' });
    }
  });

  it('rsync-modules: the hardened daemon lists nothing', async () => {
    const r = ok(await run(rsyncModules, rsyncHard?.address ?? '', 873));
    expect(r.evidence['modules']).toBe('');
    expect(r.findings).toEqual([]);
  });

  it('rsync-noauth: both open modules are findings; the password-protected one is not', async () => {
    const open = ok(await run(rsyncNoauth, rsync?.address ?? '', 873));
    expect(open.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['public:high', 'backup:high']);
    const hard = ok(
      await run(rsyncNoauth, rsyncHard?.address ?? '', 873, 'tcp', { args: { 'rsync.modules': 'backup' } }),
    );
    expect(hard.evidence).toMatchObject({ protected: 'backup', open: '' });
    expect(hard.findings).toEqual([]);
  });
});

const consoleHost = labHost('console');
const consoleHard = labHost('console-hard');
describe.runIf(consoleHost !== null && consoleHard !== null)('http-admin-consoles on nginx', () => {
  it('finds the open Tomcat manager and actuator/env', async () => {
    const r = ok(await run(consoles, consoleHost?.address ?? '', 8080));
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual([
      'tomcat-manager:critical',
      'actuator-env:critical',
    ]);
    expect(r.findings[0]?.evidence).toMatchObject({ path: '/manager/html', status: 200 });
  });

  it('records the consoles behind 401 without a finding', async () => {
    const r = ok(await run(consoles, consoleHard?.address6 ?? '', 8080));
    expect(r.evidence['protected']).toBe('/manager/html (401)');
    expect(r.findings).toEqual([]);
  });
});

const proxy = labHost('proxy');
const proxyHard = labHost('proxy-hard');
describe.runIf(proxy !== null && proxyHard !== null && consoleHost !== null)('http-open-proxy on tinyproxy', () => {
  it('does nothing without --intrusive', async () => {
    expect((await run(openProxy, proxy?.address ?? '', 8888)).status).toBe('not-applicable');
  });

  it('the open proxy tunnels to itself and fetches a lab page', async () => {
    const self = ok(await run(openProxy, proxy?.address ?? '', 8888, 'tcp', { intrusive: true }));
    expect(self.evidence).toMatchObject({ connectStatus: 200 });
    expect(String(self.evidence['tunnelReply'])).toMatch(/^HTTP\/1\.[01] /);
    expect(self.findings.map((f) => f.severity)).toEqual(['high']);
    const page = ok(
      await run(openProxy, proxy?.address ?? '', 8888, 'tcp', {
        intrusive: true,
        args: { 'proxy.url': `http://${consoleHost?.address ?? ''}:8080/`, 'proxy.match': 'Orders service' },
      }),
    );
    expect(page.evidence).toMatchObject({ getStatus: 200, matched: true });
    expect(String(page.evidence['via'])).toContain('tinyproxy');
  });

  it('the restricted proxy refuses (403) and a plain web server is no proxy', async () => {
    const hard = ok(await run(openProxy, proxyHard?.address ?? '', 8888, 'tcp', { intrusive: true }));
    expect(hard.evidence).toMatchObject({ getStatus: 403, connectStatus: 403 });
    expect(hard.findings).toEqual([]);
    const web = ok(await run(openProxy, consoleHost?.address ?? '', 8080, 'tcp', { intrusive: true }));
    expect(web.findings).toEqual([]);
  });
});
