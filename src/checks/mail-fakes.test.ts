// The SMTP, POP3, POP2 and IMAP checks against local fakes on 127.0.0.1: what the lab's Postfix and Dovecot never
// say (POP2, PREAUTH, APOP, 250-for-every-VRFY, STARTTLS refused, CRAM-MD5 only), and hostile peers — malformed,
// truncated, oversized, slow, endless, silent — that must end in an `error` or `not-applicable`, never a hang.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { dribble, fakeServer, flood, type FakeServer } from '../../test/support/fake-server.js';
import { check as smtpBanner } from './smtp-banner.js';
import { check as smtpStarttls } from './smtp-starttls.js';
import { check as smtpAuth } from './smtp-auth-before-tls.js';
import { check as smtpUserEnum } from './smtp-user-enum.js';
import { check as smtpRelay } from './smtp-open-relay.js';
import { check as popCaps } from './pop-capabilities.js';
import { check as popPlain } from './pop-plaintext-login.js';
import { check as pop2Banner } from './pop2-banner.js';
import { check as imapCaps } from './imap-capabilities.js';
import { check as imapPlain } from './imap-plaintext-login.js';
import { ok } from '../../test/support/check-outcome.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (s: Socket) => void): Promise<number> {
  const s = await fakeServer(handler);
  servers.push(s);
  return s.port;
}

function run(check: Check, port: number, extra: Partial<CheckContext> = {}): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 400,
    intrusive: false,
    args: {},
    ...extra,
  });
}

/**
 * A scripted line server: writes `greeting`, then answers each command line with `answer(line)` (a string to
 * write, or null to stay silent), recording every line it received in `log`.
 */
function scripted(greeting: string, answer: (line: string) => string | null, log: string[] = []): (s: Socket) => void {
  return (socket) => {
    socket.write(greeting);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        const line = buffered.slice(0, i).replace(/\r$/, '');
        buffered = buffered.slice(i + 1);
        log.push(line);
        const reply = answer(line);
        if (reply !== null) socket.write(reply);
        if (/^QUIT$|LOGOUT$/i.test(line)) socket.end();
      }
    });
  };
}

const EHLO = '250-fake.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n';

/** An SMTP fake answering by verb; unknown verbs get 502. */
function smtp(replies: Record<string, string>, log: string[] = [], greeting = '220 fake.example.org ESMTP\r\n') {
  return scripted(
    greeting,
    (line) => {
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      const byArg = replies[line.toUpperCase()];
      return byArg ?? replies[verb] ?? (verb === 'QUIT' ? '221 bye\r\n' : '502 5.5.2 not implemented\r\n');
    },
    log,
  );
}

describe('SMTP checks on fakes', () => {
  it('smtp-user-enum: 250 for root and 550 for a made-up name is enumerable; 252 for both is not', async () => {
    const differs = await serve(
      smtp({ EHLO, 'VRFY ROOT': '250 2.1.5 Super User <root@fake.example.org>\r\n', VRFY: '550 5.1.1 unknown\r\n' }),
    );
    const r = ok(await run(smtpUserEnum, differs));
    expect(r.evidence).toMatchObject({ vrfyEnumerable: true, expnEnumerable: false });
    expect(r.findings.map((f) => f.key)).toEqual(['vrfy']);
    const same = await serve(smtp({ EHLO, VRFY: '252 2.0.0 cannot verify, will attempt delivery\r\n' }));
    const s = ok(await run(smtpUserEnum, same));
    expect(s.evidence['vrfyEnumerable']).toBe(false);
    expect(s.findings).toEqual([]);
  });

  it('smtp-user-enum: EXPN that expands root but not a made-up name is enumerable', async () => {
    const port = await serve(
      smtp({ EHLO, 'EXPN ROOT': '250 <admin@fake.example.org>\r\n', EXPN: '550 no such list\r\n', VRFY: '502 no\r\n' }),
    );
    const r = ok(await run(smtpUserEnum, port));
    expect(r.findings.map((f) => f.key)).toEqual(['expn']);
  });

  it('smtp-auth-before-tls: CRAM-MD5 only is low; PLAIN via the old AUTH= form is high', async () => {
    const cram = await serve(smtp({ EHLO: '250-fake\r\n250 AUTH CRAM-MD5\r\n' }));
    expect(ok(await run(smtpAuth, cram)).findings.map((f) => [f.key, f.severity])).toEqual([['challenge', 'low']]);
    const old = await serve(smtp({ EHLO: '250-fake\r\n250 AUTH=PLAIN\r\n' }));
    expect(ok(await run(smtpAuth, old)).findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('smtp-starttls: a server that lists STARTTLS and then refuses it is flagged', async () => {
    const port = await serve(
      smtp({ EHLO: '250-fake\r\n250 STARTTLS\r\n', STARTTLS: '454 4.7.0 TLS not available\r\n' }),
    );
    const r = ok(await run(smtpStarttls, port));
    expect(r.evidence).toMatchObject({ starttls: true, upgraded: false });
    expect(r.findings.map((f) => f.key)).toEqual(['refused']);
  });

  it('smtp-starttls and smtp-auth-before-tls: no STARTTLS outside submission is medium; no AUTH is no finding', async () => {
    const port = await serve(smtp({ EHLO }));
    const r = ok(
      await run(smtpStarttls, port, { target: { host: '127.0.0.1', port, transport: 'tcp', service: null } }),
    );
    expect(r.findings[0]?.severity).toBe('medium');
    expect(await run(smtpAuth, port)).toMatchObject({ status: 'ok', findings: [] });
  });

  it('smtp-banner: HELO fallback for a pre-ESMTP server, and version disclosure', async () => {
    const log: string[] = [];
    const port = await serve(
      smtp(
        { EHLO: '500 5.5.1 command unrecognized\r\n', HELO: '250 fake.example.org\r\n' },
        log,
        '220 mx Sendmail 8.12.11/8.12.11; Mon\r\n',
      ),
    );
    const r = ok(await run(smtpBanner, port));
    expect(r.evidence).toMatchObject({ esmtp: false, product: 'Sendmail', version: '8.12.11' });
    expect(r.findings[0]?.title.en).toContain('Sendmail 8.12.11');
    expect(log.map((l) => l.split(' ')[0])).toEqual(['EHLO', 'HELO', 'QUIT']);
  });

  it('smtp-banner: a 554 greeting is an SMTP server that refuses us, not an error', async () => {
    const port = await serve((s) => s.end('554 5.7.1 no service for you\r\n'));
    expect(ok(await run(smtpBanner, port)).evidence).toMatchObject({ greetingCode: 554 });
    expect(await run(smtpStarttls, port)).toMatchObject({ status: 'not-applicable' });
  });

  it('smtp-open-relay: tries every variant, RSET after each, never DATA, QUIT at the end', async () => {
    const log: string[] = [];
    const port = await serve(
      smtp({ EHLO, MAIL: '250 2.1.0 Ok\r\n', RCPT: '554 5.7.1 Relay access denied\r\n', RSET: '250 Ok\r\n' }, log),
    );
    const r = ok(await run(smtpRelay, port, { intrusive: true }));
    expect(r.evidence).toMatchObject({ relay: false, attempts: 11 });
    expect(log.some((l) => /^DATA/i.test(l))).toBe(false);
    const verbs = log.map((l) => l.split(' ')[0]);
    expect(verbs.filter((v) => v === 'RCPT')).toHaveLength(11);
    expect(verbs.filter((v) => v === 'RSET')).toHaveLength(11);
    expect(verbs.at(-1)).toBe('QUIT');
    expect(log).toContain('RCPT TO:<relaytest%example.net@[127.0.0.1]>');
    expect(log).toContain('RCPT TO:<@[127.0.0.1]:relaytest@example.net>');
    // Only reserved outside domains (RFC 2606) and the target itself appear in envelopes.
    for (const l of log.filter((x) => /^(MAIL|RCPT)/.test(x))) {
      expect(l).toMatch(/example\.(net|org)|\[127\.0\.0\.1\]|fake\.example\.org|<>/);
    }
  });

  it('smtp-open-relay: stops at the first accepted variant; a percent-hack address alone is a possible relay', async () => {
    const log: string[] = [];
    const port = await serve(
      scripted(
        '220 fake ESMTP\r\n',
        (line) =>
          /^EHLO/.test(line)
            ? EHLO
            : /^RCPT TO:<relaytest%/.test(line)
              ? '250 2.1.5 Ok\r\n'
              : /^RCPT/.test(line)
                ? '550 5.7.1 denied\r\n'
                : /^QUIT/.test(line)
                  ? '221 bye\r\n'
                  : '250 Ok\r\n',
        log,
      ),
    );
    const r = ok(await run(smtpRelay, port, { intrusive: true }));
    expect(r.evidence).toMatchObject({ relay: true, direct: false, attempts: 5 });
    // A routed address may be local delivery on a catch-all domain: a possible relay, not a certain one.
    expect(r.findings.map((f) => [f.key, f.severity, f.action])).toEqual([['routed', 'medium', 'harden']]);
    expect(String(r.evidence['accepted'])).toContain('relaytest%example.net@[127.0.0.1]');
    expect(log.some((l) => /^DATA/i.test(l))).toBe(false);
    expect(log.at(-2)).toBe('RSET');
  });

  it('smtp-open-relay: a server that wants authentication before MAIL is no relay', async () => {
    const port = await serve(smtp({ EHLO, MAIL: '530 5.7.0 Authentication required\r\n', RSET: '250 Ok\r\n' }));
    const r = ok(await run(smtpRelay, port, { intrusive: true }));
    expect(r.evidence).toMatchObject({ relay: false });
    expect(String(r.evidence['lastReply'])).toMatch(/^530/);
  });
});

describe('POP3, POP2 and IMAP checks on fakes', () => {
  it('pop-capabilities: a pre-CAPA server with an APOP challenge', async () => {
    const port = await serve(
      scripted('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n', (l) =>
        /^CAPA/.test(l) ? '-ERR unknown command\r\n' : '+OK\r\n',
      ),
    );
    const r = ok(await run(popCaps, port));
    expect(r.evidence).toMatchObject({ capa: false, apop: true });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([
      ['no-stls', 'medium'],
      ['apop', 'low'],
    ]);
  });

  it('pop-plaintext-login: a server without CAPA that takes USER is flagged; one that refuses it is not', async () => {
    const takes = await serve(scripted('+OK ready\r\n', (l) => (/^CAPA/.test(l) ? '-ERR what\r\n' : '+OK\r\n')));
    expect(ok(await run(popPlain, takes)).findings.map((f) => f.severity)).toEqual(['high']);
    const refuses = await serve(
      scripted('+OK ready\r\n', (l) =>
        /^CAPA/.test(l) ? '+OK\r\nSTLS\r\n.\r\n' : /^USER/.test(l) ? '-ERR use STLS first\r\n' : '+OK\r\n',
      ),
    );
    expect(ok(await run(popPlain, refuses)).findings).toEqual([]);
  });

  it('pop2-banner: the greeting of RFC 937 is found and flagged; POP3 is not POP2', async () => {
    const log: string[] = [];
    const port = await serve(scripted('+ POP2 USC-ISIF.ARPA server ready\r\n', () => null, log));
    const r = ok(await run(pop2Banner, port));
    expect(r.evidence).toMatchObject({ ready: true, host: 'USC-ISIF.ARPA' });
    expect(r.findings.map((f) => [f.severity, f.action])).toEqual([['high', 'close']]);
    expect(r.service).toMatchObject({ service: 'pop2' });
    const pop3 = await serve((s) => s.end('+OK Dovecot ready.\r\n'));
    expect(await run(pop2Banner, pop3)).toMatchObject({ status: 'not-applicable' });
  });

  it('imap-capabilities: PREAUTH is critical; capabilities only in the tagged OK code are read', async () => {
    const pre = await serve(
      scripted('* PREAUTH [CAPABILITY IMAP4rev1] logged in as alice\r\n', (l) => {
        const tag = l.split(' ')[0] ?? '';
        return /CAPABILITY/.test(l) ? `${tag} OK [CAPABILITY IMAP4rev1 STARTTLS] done\r\n` : `${tag} OK bye\r\n`;
      }),
    );
    const r = ok(await run(imapCaps, pre));
    expect(r.evidence).toMatchObject({ preauth: true, starttls: true });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['preauth', 'critical']]);
    expect(await run(imapPlain, pre)).toMatchObject({ status: 'not-applicable' });
  });

  it('imap-plaintext-login: LOGINDISABLED with AUTH=PLAIN still lets the password out', async () => {
    const port = await serve(
      scripted('* OK ready\r\n', (l) => {
        const tag = l.split(' ')[0] ?? '';
        return /CAPABILITY/.test(l)
          ? `* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED AUTH=PLAIN\r\n${tag} OK done\r\n`
          : `${tag} OK bye\r\n`;
      }),
    );
    const r = ok(await run(imapPlain, port));
    expect(r.findings[0]?.title.en).toBe('IMAP accepts passwords in clear text');
    expect(r.findings[0]?.detail.en).toContain('AUTHENTICATE PLAIN');
    expect(r.findings[0]?.detail.en).not.toContain('no LOGINDISABLED');
  });
});

/** Every check of the group, with a greeting its protocol would accept to start from. */
const ALL: [string, Check, string][] = [
  ['smtp-banner', smtpBanner, '220 fake ESMTP\r\n'],
  ['smtp-starttls', smtpStarttls, '220 fake ESMTP\r\n'],
  ['smtp-auth-before-tls', smtpAuth, '220 fake ESMTP\r\n'],
  ['smtp-user-enum', smtpUserEnum, '220 fake ESMTP\r\n'],
  ['smtp-open-relay', smtpRelay, '220 fake ESMTP\r\n'],
  ['pop-capabilities', popCaps, '+OK ready\r\n'],
  ['pop-plaintext-login', popPlain, '+OK ready\r\n'],
  ['pop2-banner', pop2Banner, '+ POP2 host server ready\r\n'],
  ['imap-capabilities', imapCaps, '* OK ready\r\n'],
  ['imap-plaintext-login', imapPlain, '* OK ready\r\n'],
];

describe.each(ALL)('%s on hostile peers', (_id, check, greeting) => {
  const intrusive = { intrusive: true };

  it('a peer that speaks another protocol: error or not-applicable', async () => {
    const port = await serve((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(['error', 'not-applicable']).toContain((await run(check, port, intrusive)).status);
  });

  it('a peer that closes in the middle of a reply: error', async () => {
    const port = await serve((s) => s.end(greeting.slice(0, 4)));
    expect((await run(check, port, intrusive)).status).toMatch(/error|not-applicable/);
  });

  it('a silent peer: error within the timeout', async () => {
    const port = await serve(() => undefined);
    const started = Date.now();
    expect(await run(check, port, intrusive)).toMatchObject({ status: 'error' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a peer that sends one byte a second: error within the timeout', async () => {
    const port = await serve((s) => {
      dribble(s, greeting, 1_000);
    });
    const started = Date.now();
    expect(await run(check, port, intrusive)).toMatchObject({ status: 'error' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('an endless greeting line: error, bounded', async () => {
    const port = await serve((s) => {
      flood(s, 'A');
    });
    expect((await run(check, port, intrusive)).status).toMatch(/error|not-applicable/);
  });

  it('an endless reply after the greeting: error, bounded', async () => {
    const port = await serve((s) => {
      s.write(greeting);
      s.once('data', () => {
        // Continuation lines forever: each protocol's framer must give up, not buffer without end.
        flood(s, greeting.startsWith('2') ? '250-x\r\n' : greeting.startsWith('*') ? '* x\r\n' : 'X\r\n');
      });
    });
    const outcome = await run(check, port, intrusive);
    expect(outcome.status).toMatch(/error|ok|not-applicable/);
    if (outcome.status === 'ok') expect(check.id).toMatch(/pop2-banner/);
  });
});
