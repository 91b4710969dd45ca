// The SMTP, POP3 and IMAP checks against real Postfix and Dovecot in the lab: each finds its weakness on the weak
// host (smtp-relay, mail-plain) and nothing on the hardened counterpart (smtp-closed, mail-tls).
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import { labHost } from './lab/lab.js';
import { MAIL_PASSWORD, MAIL_USER } from './lab/mail.js';
import { check as smtpBanner } from '../src/checks/smtp-banner.js';
import { check as smtpStarttls } from '../src/checks/smtp-starttls.js';
import { check as smtpAuth } from '../src/checks/smtp-auth-before-tls.js';
import { check as smtpUserEnum } from '../src/checks/smtp-user-enum.js';
import { check as smtpRelay } from '../src/checks/smtp-open-relay.js';
import { check as popCaps } from '../src/checks/pop-capabilities.js';
import { check as popPlain } from '../src/checks/pop-plaintext-login.js';
import { check as imapCaps } from '../src/checks/imap-capabilities.js';
import { check as imapPlain } from '../src/checks/imap-plaintext-login.js';
import { Pop3Session } from '../src/protocols/pop3/client.js';
import { ImapSession } from '../src/protocols/imap/client.js';
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

const relay = labHost('smtp-relay');
const closed = labHost('smtp-closed');
describe.runIf(relay !== null && closed !== null)('SMTP checks on Postfix', () => {
  const weak = relay?.address ?? '';
  const weak6 = relay?.address6 ?? '';
  const hard = closed?.address ?? '';

  it('smtp-banner: reads the greeting and EHLO; only the default banner names the software', async () => {
    const r = ok(await run(smtpBanner, weak, 25));
    expect(r.evidence).toMatchObject({ product: 'Postfix smtpd', esmtp: true, serverName: 'relay.pwlab.test' });
    expect(String(r.evidence['greeting'])).toMatch(/^220 relay\.pwlab\.test ESMTP Postfix/);
    expect(String(r.evidence['extensions'])).toContain('VRFY');
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
    expect(r.service).toMatchObject({ product: 'Postfix smtpd' });
    const h = ok(await run(smtpBanner, hard, 25));
    expect(h.evidence).toMatchObject({ product: null, starttls: true, greeting: '220 closed.pwlab.test ESMTP' });
    expect(h.findings).toEqual([]);
  });

  it('smtp-starttls: flags the server without STARTTLS; upgrades to TLS 1.2+ on the hardened one', async () => {
    const r = ok(await run(smtpStarttls, weak, 25));
    expect(r.evidence['starttls']).toBe(false);
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['not-offered', 'medium']]);
    const h = ok(await run(smtpStarttls, hard, 25));
    expect(h.evidence).toMatchObject({ starttls: true, upgraded: true, ehloAfterTls: 250 });
    expect(String(h.evidence['tlsVersion'])).toMatch(/^TLSv1\.[23]$/);
    expect(h.evidence).toMatchObject({ certSubject: 'closed.pwlab.test', certIssuer: 'Portwarden Lab CA' });
    expect(String(h.evidence['certSha256'])).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
    // smtpd_tls_auth_only: AUTH appears once the session is encrypted.
    expect(h.evidence['authAfterTls']).toBe('PLAIN LOGIN');
    expect(h.findings).toEqual([]);
  });

  it('smtp-auth-before-tls: AUTH PLAIN LOGIN in clear text on the weak server, no AUTH before TLS on the other', async () => {
    const r = ok(await run(smtpAuth, weak, 25));
    expect(r.evidence).toMatchObject({ auth: 'PLAIN LOGIN', cleartextMechanisms: 'PLAIN LOGIN', starttls: false });
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(smtpAuth, hard, 25));
    expect(h.evidence).toMatchObject({ auth: '', starttls: true });
    expect(h.findings).toEqual([]);
  });

  it('smtp-user-enum: VRFY root 252 vs 550 for a made-up name; VRFY disabled on the hardened server', async () => {
    const r = ok(await run(smtpUserEnum, weak, 25));
    expect(String(r.evidence['vrfyKnown'])).toMatch(/^252 /);
    expect(String(r.evidence['vrfyUnknown'])).toMatch(/^550 5\.1\.1 /);
    expect(r.evidence).toMatchObject({ vrfyEnumerable: true, expnEnumerable: false });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['vrfy', 'medium']]);
    const h = ok(await run(smtpUserEnum, hard, 25));
    expect(String(h.evidence['vrfyKnown'])).toMatch(/^502 /);
    expect(h.findings).toEqual([]);
  });

  it('submission on 587 (STARTTLS required) and implicit TLS on 465: nothing to flag, AUTH only inside TLS', async () => {
    const sub = ok(await run(smtpStarttls, hard, 587));
    expect(sub.evidence).toMatchObject({ starttls: true, upgraded: true, authAfterTls: 'PLAIN LOGIN' });
    expect(sub.findings).toEqual([]);
    expect(ok(await run(smtpAuth, hard, 587)).evidence).toMatchObject({ auth: '' });
    const smtps = ok(await run(smtpBanner, hard, 465));
    expect(smtps.evidence).toMatchObject({ tls: true, auth: 'PLAIN LOGIN', greeting: '220 closed.pwlab.test ESMTP' });
    expect(smtps.findings).toEqual([]);
    expect(await run(smtpStarttls, hard, 465)).toMatchObject({ status: 'not-applicable' });
  });

  it('smtp-open-relay: does nothing unless intrusive', async () => {
    expect(await run(smtpRelay, weak, 25)).toMatchObject({ status: 'not-applicable' });
  });

  it('smtp-open-relay: the open relay accepts an outside recipient (over IPv6 too); the closed one refuses all', async () => {
    const r = ok(await run(smtpRelay, weak, 25, { intrusive: true }));
    expect(r.evidence).toMatchObject({
      relay: true,
      direct: true,
      accepted: 'MAIL FROM:<> RCPT TO:<relaytest@example.net>',
    });
    expect(r.findings.map((f) => [f.severity, f.action])).toEqual([['high', 'restrict']]);
    const r6 = ok(await run(smtpRelay, weak6, 25, { intrusive: true }));
    expect(r6.evidence['relay']).toBe(true);
    const h = ok(await run(smtpRelay, hard, 25, { intrusive: true }));
    expect(h.evidence).toMatchObject({ relay: false, attempts: 11 });
    expect(String(h.evidence['lastReply'])).toMatch(/^5\d\d /);
    expect(h.findings).toEqual([]);
  });
});

const plain = labHost('mail-plain');
const tls = labHost('mail-tls');
describe.runIf(plain !== null && tls !== null)('POP3 and IMAP checks on Dovecot', () => {
  const weak = plain?.address ?? '';
  const hard = tls?.address ?? '';
  const hard6 = tls?.address6 ?? '';

  it('the weak host really takes a cleartext login, the hardened one refuses it (what the checks must predict)', async () => {
    const signal = AbortSignal.timeout(20_000);
    const pop = await Pop3Session.open({ host: weak, port: 110, signal, timeoutMs: 4_000, tls: false });
    expect((await pop.command('USER', MAIL_USER)).ok).toBe(true);
    expect((await pop.command('PASS', MAIL_PASSWORD)).ok).toBe(true);
    await pop.quit();
    const imap = await ImapSession.open({ host: hard, port: 143, signal, timeoutMs: 4_000, tls: false });
    const login = await imap.command(`LOGIN ${MAIL_USER} ${MAIL_PASSWORD}`);
    expect(login.tagged.status).not.toBe('ok');
    await imap.logout();
  });

  it('pop-capabilities: no STLS on the weak host; STLS on 110 and TLS on 995 on the hardened one', async () => {
    const r = ok(await run(popCaps, weak, 110));
    expect(r.evidence).toMatchObject({ capa: true, stls: false, user: true, sasl: 'PLAIN LOGIN', apop: false });
    expect(String(r.evidence['greeting'])).toContain('Dovecot');
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['no-stls', 'medium']]);
    expect(r.service).toMatchObject({ product: 'Dovecot pop3d' });
    const h = ok(await run(popCaps, hard, 110));
    expect(h.evidence).toMatchObject({ stls: true, user: false, sasl: '' });
    expect(h.findings).toEqual([]);
    const s = ok(await run(popCaps, hard6, 995));
    expect(s.evidence).toMatchObject({ tls: true, user: true, sasl: 'PLAIN LOGIN' });
    expect(s.findings).toEqual([]);
  });

  it('pop-plaintext-login: USER/PASS and AUTH PLAIN in clear text on the weak host; -ERR before STLS on the other', async () => {
    const r = ok(await run(popPlain, weak, 110));
    expect(r.evidence).toMatchObject({ capaUser: true, userAccepted: true, sasl: 'PLAIN LOGIN' });
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(popPlain, hard, 110));
    expect(h.evidence).toMatchObject({ capaUser: false, userAccepted: false, stls: true });
    expect(String(h.evidence['userReply'])).toMatch(/^-ERR /);
    expect(h.findings).toEqual([]);
    expect(await run(popPlain, hard, 995)).toMatchObject({ status: 'not-applicable' });
  });

  it('imap-capabilities: no STARTTLS on the weak host; STARTTLS and LOGINDISABLED on the hardened one', async () => {
    const r = ok(await run(imapCaps, weak, 143));
    expect(r.evidence).toMatchObject({ starttls: false, loginDisabled: false, preauth: false, revisions: 'IMAP4rev1' });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['no-starttls', 'medium']]);
    const h = ok(await run(imapCaps, hard, 143));
    expect(h.evidence).toMatchObject({ starttls: true, loginDisabled: true, auth: '' });
    expect(h.findings).toEqual([]);
    const s = ok(await run(imapCaps, hard6, 993));
    expect(s.evidence).toMatchObject({ tls: true, loginDisabled: false, auth: 'PLAIN LOGIN' });
    expect(s.findings).toEqual([]);
  });

  it('imap-plaintext-login: LOGIN and AUTH=PLAIN before TLS on the weak host; LOGINDISABLED on the other', async () => {
    const r = ok(await run(imapPlain, weak, 143));
    expect(r.evidence).toMatchObject({ loginDisabled: false, auth: 'PLAIN LOGIN' });
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    const h = ok(await run(imapPlain, hard, 143));
    expect(h.evidence).toMatchObject({ loginDisabled: true, auth: '' });
    expect(h.findings).toEqual([]);
  });
});
