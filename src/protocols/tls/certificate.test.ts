import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import { summarizeCertificate, signatureOid } from './certificate.js';
import { HandshakeAssembler, parseCertificateMessage, recordLength } from './codec.js';

/** The certificate nginx sent in web-old's TLS 1.2 flight. */
function webOldCertificate(): Uint8Array {
  const flight = Buffer.from(
    readFileSync(
      new URL('../../../test/fixtures/tls/nginx-1.22-web-old-tls12-flight.hex', import.meta.url),
      'utf8',
    ).trim(),
    'hex',
  );
  const a = new HandshakeAssembler();
  let rest: Uint8Array = flight;
  for (;;) {
    const n = recordLength(rest);
    for (const m of a.push(rest.subarray(5, n)))
      if (m.type === 11) return parseCertificateMessage(m.body)[0] ?? new Uint8Array();
    rest = rest.subarray(n);
  }
}

describe('summarizeCertificate', () => {
  it('reads the expired self-signed SHA-1 RSA-1024 certificate of web-old', () => {
    const c = summarizeCertificate(webOldCertificate());
    expect(c).toMatchObject({
      subject: 'CN=web-old.lab.invalid',
      issuer: 'CN=web-old.lab.invalid',
      selfSigned: true,
      keyType: 'rsa',
      keyBits: 1024,
      signatureAlgorithm: 'sha1WithRSAEncryption',
      signatureHash: 'sha1',
    });
    expect(c.notAfter.toISOString()).toBe('2021-01-01T00:00:00.000Z');
    expect(signatureOid(webOldCertificate())).toBe('1.2.840.113549.1.1.5');
  });
  it('throws, never hangs, on truncated and random DER', () => {
    const der = webOldCertificate();
    for (const n of [0, 1, 2, 10, 100, der.length - 1])
      expect(() => summarizeCertificate(der.subarray(0, n))).toThrow();
    for (let seed = 1; seed < 50; seed++) expect(() => signatureOid(noise(seed, 64))).toThrow();
  });
});
