// The FTP, Telnet, Finger, Ident, NNTP and backdoor-shell checks against real Debian daemons in the lab: each finds
// its weakness on the weak host and nothing on the hardened counterpart.
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import { labHost } from './lab/lab.js';
import { THIRD_HOST } from './lab/hosts/ftp-anon.js';
import { check as ftpAnon } from '../src/checks/ftp-anon.js';
import { check as ftpBanner } from '../src/checks/ftp-banner.js';
import { check as ftpCleartext } from '../src/checks/ftp-cleartext-login.js';
import { check as ftpPasv } from '../src/checks/ftp-pasv-third-host.js';
import { check as ftpData } from '../src/checks/ftp-data-listener.js';
import { check as telnetDetect } from '../src/checks/telnet-detect.js';
import { check as telnetBanner } from '../src/checks/telnet-banner.js';
import { check as fingerUsers } from '../src/checks/finger-users.js';
import { check as fingerForwarding } from '../src/checks/finger-forwarding.js';
import { check as identOwner } from '../src/checks/ident-owner.js';
import { check as nntpBanner } from '../src/checks/nntp-banner.js';
import { check as nntpPosting } from '../src/checks/nntp-posting.js';
import { check as backdoor } from '../src/checks/backdoor-banner.js';
import { ok } from './support/check-outcome.js';

function run(check: Check, host: string, port: number, extra: Partial<CheckContext> = {}): Promise<CheckOutcome> {
  return check.run({
    target: { host, port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 4_000,
    intrusive: false,
    args: {},
    ...extra,
  });
}

const anon = labHost('ftp-anon');
const closed = labHost('ftp-closed');
describe.runIf(anon !== null && closed !== null)('FTP checks on vsftpd', () => {
  const weak = anon?.address ?? '';
  const hard = closed?.address ?? '';

  it('ftp-anon: logs in anonymously and lists the root; refused on the hardened server', async () => {
    const r = ok(await run(ftpAnon, weak, 21));
    expect(r.evidence).toMatchObject({ anonymous: true, root: '/', writeTested: false });
    expect(String(r.evidence['listing'])).toContain('pub/');
    expect(String(r.evidence['listing'])).toContain('welcome.msg');
    expect(r.findings.map((f) => f.severity)).toEqual(['medium']);
    const h = ok(await run(ftpAnon, hard, 21));
    expect(h.evidence['anonymous']).toBe(false);
    expect(h.findings).toEqual([]);
  });

  it('ftp-anon over IPv6 uses EPSV and sees the same root', async () => {
    const r = ok(await run(ftpAnon, anon?.address6 ?? '', 21));
    expect(String(r.evidence['listing'])).toContain('incoming/');
  });

  it('ftp-anon, intrusive: finds incoming/ writable and deletes its test file again', async () => {
    const r = ok(await run(ftpAnon, weak, 21, { intrusive: true }));
    expect(r.evidence).toMatchObject({ writeTested: true, writable: 'incoming/', leftBehind: '' });
    expect(r.findings.map((f) => f.key)).toEqual(['', 'writable']);
    const again = ok(await run(ftpAnon, weak, 21));
    expect(String(again.evidence['listing'])).not.toContain('portwarden-');
  });

  it('ftp-banner: names vsftpd 3.0.3 and flags the version; nothing on the neutral greeting', async () => {
    const r = ok(await run(ftpBanner, weak, 21));
    expect(r.service).toMatchObject({ product: 'vsftpd', version: '3.0.3' });
    expect(r.findings.map((f) => f.key)).toEqual(['version']);
    const h = ok(await run(ftpBanner, hard, 21));
    expect(h.evidence['banner']).toBe('FTP service ready.');
    expect(h.findings).toEqual([]);
  });

  it('ftp-cleartext-login: a password is asked in clear without AUTH TLS; the hardened server requires TLS', async () => {
    const r = ok(await run(ftpCleartext, weak, 21));
    expect(r.evidence).toMatchObject({ authTls: false, passwordAskedInClear: true });
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(ftpCleartext, hard, 21));
    expect(h.evidence).toMatchObject({ authTls: true, passwordAskedInClear: false });
    expect(String(h.evidence['userReply'])).toMatch(/^530 /);
    expect(h.findings).toEqual([]);
  });

  it('ftp-pasv-third-host: reports the third host on 2121 without connecting to it; the stock server is fine', async () => {
    const r = ok(await run(ftpPasv, weak, 2121));
    expect(r.evidence).toMatchObject({ pasvHost: THIRD_HOST, connectedTo: weak });
    expect(r.findings).toHaveLength(1);
    const good = ok(await run(ftpPasv, weak, 21));
    expect(good.evidence['pasvHost']).toBe(weak);
    expect(good.findings).toEqual([]);
    expect(await run(ftpPasv, hard, 21)).toMatchObject({ status: 'not-applicable' });
  });

  it('ftp-data-listener: an FTP server on port 20 is flagged; nothing listens there on the hardened host', async () => {
    const r = ok(await run(ftpData, weak, 20));
    expect(r.evidence['ftpGreeting']).toBe(true);
    expect(r.findings).toHaveLength(1);
    expect(await run(ftpData, hard, 20)).toMatchObject({ status: 'not-applicable' });
  });
});

const telnet = labHost('telnet');
const shell = labHost('shell');
describe.runIf(telnet !== null && shell !== null)('Telnet checks on inetutils telnetd', () => {
  it('telnet-detect: negotiation and login prompt; a non-Telnet banner is not Telnet', async () => {
    const r = ok(await run(telnetDetect, telnet?.address ?? '', 23));
    expect(r.evidence).toMatchObject({ iac: true, loginPrompt: true });
    expect(String(r.evidence['negotiations'])).toContain('DO TERMINAL-TYPE');
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(telnetDetect, shell?.address ?? '', 2028));
    expect(h.evidence['iac']).toBe(false);
    expect(h.findings).toEqual([]);
  });

  it('telnet-banner: the kernel from the telnetd banner on 23; telnetd -h on 2323 names none', async () => {
    const r = ok(await run(telnetBanner, telnet?.address ?? '', 23));
    expect(String(r.evidence['os'])).toMatch(/^Linux \d+\.\d+/);
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(telnetBanner, telnet?.address ?? '', 2323));
    expect(h.evidence).toMatchObject({ os: null, loginPrompt: true });
    expect(h.findings).toEqual([]);
  });
});

const finger = labHost('finger');
describe.runIf(finger !== null)('finger-users on BSD fingerd', () => {
  it('lists the logged-in users; none when no one is logged on', async () => {
    const r = ok(await run(fingerUsers, finger?.address ?? '', 79));
    expect(r.evidence).toMatchObject({ users: 'news, root', count: 2 });
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(fingerUsers, finger?.address ?? '', 7979));
    expect(h.evidence).toMatchObject({ count: 0, nobodyLoggedOn: true });
    expect(h.findings).toEqual([]);
  });

  it('finger-forwarding (intrusive): in.fingerd -f answers @127.0.0.1; without -f it refuses', async () => {
    expect(await run(fingerForwarding, finger?.address ?? '', 79)).toMatchObject({ status: 'not-applicable' });
    const r = ok(await run(fingerForwarding, finger?.address ?? '', 79, { intrusive: true }));
    expect(r.evidence['forwarded']).toBe(true);
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(fingerForwarding, finger?.address ?? '', 7979, { intrusive: true }));
    expect(h.evidence['forwarded']).toBe(false);
    expect(h.findings).toEqual([]);
  });
});

const ident = labHost('ident');
describe.runIf(ident !== null)('ident-owner on oidentd', () => {
  it('names the account behind our connection to 2026; the hiding server does not', async () => {
    const args = { 'ident.port': '2026' };
    const r = ok(await run(identOwner, ident?.address ?? '', 113, { args }));
    expect(r.evidence).toMatchObject({ userId: 'news', os: 'UNIX' });
    expect(r.findings).toHaveLength(1);
    const h = ok(await run(identOwner, ident?.address ?? '', 1113, { args }));
    expect(h.evidence['error']).toBe('HIDDEN-USER');
    expect(h.findings).toEqual([]);
  });

  it('without an argument, asks about its connection to the ident port itself', async () => {
    const r = ok(await run(identOwner, ident?.address ?? '', 113));
    expect(String(r.evidence['askedAbout'])).toMatch(/^113, \d+$/);
  });
});

describe.runIf(shell !== null)('backdoor-banner on bind shells', () => {
  it('flags /bin/sh on 1024 and bash on 99 as critical; the harmless banner on 2028 is not', async () => {
    const sh = ok(await run(backdoor, shell?.address ?? '', 1024));
    expect(sh.evidence['shell']).not.toBeNull();
    expect(sh.findings.map((f) => f.severity)).toEqual(['critical']);
    const bash = ok(await run(backdoor, shell?.address ?? '', 99));
    expect(String(bash.evidence['match'])).toMatch(/bash|\$/);
    expect(bash.findings).toHaveLength(1);
    const h = ok(await run(backdoor, shell?.address ?? '', 2028));
    expect(h.evidence['banner']).toContain('lab status service');
    expect(h.findings).toEqual([]);
  });
});

const nntp = labHost('nntp');
describe.runIf(nntp !== null)('NNTP checks on INN', () => {
  it('nntp-posting and nntp-banner: innd on 119 lets anyone post and takes passwords in clear; nnrpd on 1119 does not', async () => {
    const post = ok(await run(nntpPosting, nntp?.address ?? '', 119));
    expect(post.evidence['posting']).toBe(true);
    expect(post.findings).toHaveLength(1);
    const banner = ok(await run(nntpBanner, nntp?.address ?? '', 119));
    expect(banner.service).toMatchObject({ product: 'INN', version: '2.7.1' });
    expect(banner.evidence['plaintextLogins']).toContain('AUTHINFO USER');
    expect(banner.findings.map((f) => f.key)).toEqual(['cleartext-auth']);
    const hardPost = ok(await run(nntpPosting, nntp?.address ?? '', 1119));
    expect(hardPost.evidence['posting']).toBe(false);
    expect(hardPost.findings).toEqual([]);
    const hardBanner = ok(await run(nntpBanner, nntp?.address ?? '', 1119));
    expect(hardBanner.findings).toEqual([]);
  });
});
