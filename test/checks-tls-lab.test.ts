// The TLS and HTTP checks against real nginx in the lab: `web` (hardened) must give no finding, `web-old`
// (TLS 1.0/1.1, anonymous and NULL suites, expired SHA-1 RSA-1024 self-signed certificate, WebDAV, plain HTTP)
// the findings each check exists for.
import { describe, expect, it } from 'vitest';
import { labHost } from './lab/lab.js';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import { check as tlsVersions } from '../src/checks/tls-versions.js';
import { check as tlsCiphers } from '../src/checks/tls-ciphers.js';
import { check as tlsCertificate } from '../src/checks/tls-certificate.js';
import { check as httpTitle } from '../src/checks/http-title.js';
import { check as httpHeaders } from '../src/checks/http-headers.js';
import { check as httpMethods } from '../src/checks/http-methods.js';
import { check as httpsRedirect } from '../src/checks/http-https-redirect.js';

function run(check: Check, host: string, port: number, tls: boolean): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: {
      host,
      port,
      transport: 'tcp',
      service: { service: tls ? 'https' : 'http', tls, method: 'probe', confidence: 10 },
    },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 3_000,
    intrusive: false,
    args: {},
  };
  return check.run(ctx);
}

function keys(outcome: CheckOutcome): string[] {
  if (outcome.status !== 'ok') throw new Error(`${outcome.status}: ${JSON.stringify(outcome)}`);
  return outcome.findings.map((f) => f.key).sort();
}

const webHost = labHost('web');
const oldHost = labHost('web-old');
const none = { address: '', address6: '' };
const web = webHost ?? none;
const old = oldHost ?? none;

describe.runIf(webHost !== null && oldHost !== null)('TLS checks on nginx (web, web-old)', () => {
  it('tls-versions: TLS 1.0/1.1 flagged on web-old, nothing on web (1.2 and 1.3 only)', async () => {
    const good = await run(tlsVersions, web.address, 443, true);
    expect(keys(good)).toEqual([]);
    expect(good.status === 'ok' && good.evidence).toMatchObject({ accepted: 'TLSv1.3 TLSv1.2', sslv3: false });
    const bad = await run(tlsVersions, old.address, 443, true);
    expect(keys(bad)).toEqual(['tls1.0-1.1']);
    expect(bad.status === 'ok' && bad.evidence).toMatchObject({
      tls1_0: true,
      tls1_1: true,
      tls1_2: true,
      tls1_3: false,
    });
  });

  it('tls-ciphers: anonymous and NULL suites on web-old, only AEAD forward-secret suites on web', async () => {
    const good = await run(tlsCiphers, web.address6, 443, true);
    expect(keys(good)).toEqual([]);
    expect(good.status === 'ok' && good.evidence['TLSv1.2']).toContain('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    const bad = await run(tlsCiphers, old.address, 443, true);
    expect(keys(bad)).toEqual(['anon', 'null']);
    expect(bad.status === 'ok' && bad.evidence['TLSv1.0']).toContain('TLS_ECDH_anon_WITH_AES_128_CBC_SHA');
  });

  it('tls-certificate: expired, self-signed, RSA-1024, SHA-1 on web-old; nothing on web', async () => {
    const good = await run(tlsCertificate, web.address, 443, true);
    expect(keys(good)).toEqual([]);
    expect(good.status === 'ok' && good.evidence).toMatchObject({
      keyBits: 2048,
      selfSigned: false,
      coversAddress: true,
    });
    const bad = await run(tlsCertificate, old.address, 443, true);
    expect(keys(bad)).toEqual(['expired', 'self-signed', 'weak-key', 'weak-signature']);
    expect(bad.status === 'ok' && bad.evidence).toMatchObject({
      keyBits: 1024,
      signatureAlgorithm: 'sha1WithRSAEncryption',
    });
  });
});

describe.runIf(webHost !== null && oldHost !== null)('HTTP checks on nginx (web, web-old)', () => {
  it('http-title: reads the title on both, flags no default page', async () => {
    const bad = await run(httpTitle, old.address, 80, false);
    expect(keys(bad)).toEqual([]);
    expect(bad.status === 'ok' && bad.evidence['title']).toBe('Old Intranet & Login');
    const good = await run(httpTitle, web.address, 443, true);
    expect(good.status === 'ok' && good.evidence['title']).toBe('Portwarden lab: web');
  });

  it('http-headers: version and missing headers on web-old, nothing on web', async () => {
    for (const [port, tls] of [
      [80, false],
      [443, true],
    ] as const) {
      expect(keys(await run(httpHeaders, web.address, port, tls))).toEqual([]);
    }
    const bad = await run(httpHeaders, old.address, 443, true);
    expect(keys(bad)).toEqual(['missing-security-headers', 'no-hsts', 'version-disclosure']);
    expect(bad.status === 'ok' && bad.service?.product).toBe('nginx');
  });

  it('http-methods: PUT/DELETE and TRACE advertised on web-old, nothing on web', async () => {
    for (const [port, tls] of [
      [80, false],
      [443, true],
    ] as const) {
      expect(keys(await run(httpMethods, web.address, port, tls))).toEqual([]);
    }
    const bad = await run(httpMethods, old.address, 80, false);
    expect(keys(bad)).toEqual(['trace', 'write-methods']);
    expect(bad.status === 'ok' && bad.evidence).toMatchObject({ traceEchoed: false });
  });

  it('http-https-redirect: login form over plain HTTP on web-old, redirect on web', async () => {
    const good = await run(httpsRedirect, web.address, 80, false);
    expect(keys(good)).toEqual([]);
    expect(good.status === 'ok' && good.evidence['redirectsToHttps']).toBe(true);
    const bad = await run(httpsRedirect, old.address, 80, false);
    expect(keys(bad)).toEqual(['no-redirect']);
    expect(bad.status === 'ok' && bad.findings[0]?.severity).toBe('medium');
  });
});
