import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  buildClientHello,
  buildSsl2ClientHello,
  HandshakeAssembler,
  HS_CERTIFICATE,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  parseAlert,
  parseCertificateMessage,
  parseServerHello,
  parseSsl2ServerHello,
  readRecordHeader,
  recordLength,
  SSL3,
  TLS10,
  TLS12,
  TLS13,
  TlsParseError,
  versionName,
} from './codec.js';
import { CIPHER_SUITES, suiteByCode, weaknessesOf } from './suites.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/tls/${name}`, import.meta.url), 'utf8').trim(), 'hex');

/** Split a flight into records and feed handshake ones to an assembler. */
function messages(flight: Uint8Array): { type: number; body: Uint8Array }[] {
  const out = [];
  const a = new HandshakeAssembler();
  let rest = flight;
  while (rest.length > 0) {
    const n = recordLength(rest);
    if (n < 0) break;
    if (rest[0] === 22) out.push(...a.push(rest.subarray(5, n)));
    rest = rest.subarray(n);
  }
  return out;
}

describe('buildClientHello', () => {
  const random = new Uint8Array(32).fill(7);
  it('offers TLS 1.2 through client_version, with SNI and the suites in order', () => {
    const b = Buffer.from(buildClientHello({ version: TLS12, suites: [0xc02f, 0x000a], random, serverName: 'a.test' }));
    expect(b.subarray(0, 3).toString('hex')).toBe('160301');
    expect(b.readUInt16BE(3)).toBe(b.length - 5);
    expect(b[5]).toBe(1);
    expect(b.readUInt16BE(9)).toBe(TLS12);
    expect(b.subarray(44, 50).toString('hex')).toBe('0004c02f000a');
    expect(b.includes(Buffer.from('a.test'))).toBe(true);
  });
  it('offers TLS 1.3 through supported_versions with a key share and a legacy 1.2 version', () => {
    const b = Buffer.from(buildClientHello({ version: TLS13, suites: [0x1301], random }));
    expect(b.readUInt16BE(9)).toBe(TLS12);
    expect(b.includes(Buffer.from('002b0003020304', 'hex'))).toBe(true);
    expect(b.includes(Buffer.from('0033002600240' + '01d0020', 'hex'))).toBe(true);
  });
  it('sends SSL 3.0 hellos without extensions and rejects bad input', () => {
    const b = Buffer.from(buildClientHello({ version: SSL3, suites: [0x0005], random }));
    expect(b.subarray(0, 3).toString('hex')).toBe('160300');
    expect(b.length).toBe(5 + 4 + 2 + 32 + 1 + 4 + 2);
    expect(() => buildClientHello({ version: TLS12, suites: [], random })).toThrow(RangeError);
    expect(() => buildClientHello({ version: 0x0200, suites: [1], random })).toThrow(RangeError);
    expect(() => buildClientHello({ version: TLS12, suites: [1], random: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('parsing what nginx answered', () => {
  it('reads the TLS 1.2 flight of web-old: ServerHello, Certificate, ServerHelloDone', () => {
    const m = messages(fixture('nginx-1.22-web-old-tls12-flight.hex'));
    expect(m.map((x) => x.type)).toEqual([HS_SERVER_HELLO, HS_CERTIFICATE, 12, HS_SERVER_HELLO_DONE]);
    const hello = parseServerHello(m[0]?.body ?? new Uint8Array());
    expect(hello).toMatchObject({ version: TLS12, suite: 0xc030, helloRetry: false, compression: 0 });
    const certs = parseCertificateMessage(m[1]?.body ?? new Uint8Array());
    expect(certs).toHaveLength(1);
    expect(certs[0]?.[0]).toBe(0x30);
  });
  it('reads the negotiated version of a TLS 1.3 ServerHello from supported_versions', () => {
    const m = messages(fixture('nginx-1.22-web-tls13-server-hello.hex'));
    const hello = parseServerHello(m[0]?.body ?? new Uint8Array());
    expect(hello.legacyVersion).toBe(TLS12);
    expect(hello.version).toBe(TLS13);
    expect(suiteByCode(hello.suite).tls13).toBe(true);
  });
  it('reads the protocol_version alert', () => {
    const b = fixture('nginx-1.22-web-tls10-alert.hex');
    expect(readRecordHeader(b)).toEqual({ type: 21, version: TLS10, length: 2 });
    expect(parseAlert(b.subarray(5))).toEqual({ level: 2, description: 70, name: 'protocol_version' });
  });
  it('assembles messages split across records, byte by byte', () => {
    const flight = fixture('nginx-1.22-web-old-tls12-flight.hex');
    const whole = messages(flight);
    const a = new HandshakeAssembler();
    const got = [];
    let rest: Uint8Array = flight;
    while (rest.length > 0) {
      const n = recordLength(rest);
      for (let i = 5; i < n; i++) got.push(...a.push(rest.subarray(i, i + 1)));
      rest = rest.subarray(n);
    }
    expect(got.map((x) => x.body.length)).toEqual(whole.map((x) => x.body.length));
  });
});

describe('hostile input', () => {
  it('refuses what is not a TLS record and waits for a complete one', () => {
    expect(readRecordHeader(Buffer.from('HTTP/1.1 400'))).toBe('invalid');
    expect(() => recordLength(Buffer.from('SSH-2.0-x'))).toThrow(TlsParseError);
    expect(readRecordHeader(Buffer.from('1603', 'hex'))).toBeNull();
    expect(recordLength(Buffer.from('1603030010', 'hex'))).toBe(-1);
    expect(readRecordHeader(Buffer.from('16030348ff', 'hex'))).toBe('invalid');
  });
  it('throws TlsParseError (never anything else) on truncated or random handshake bodies', () => {
    const body = messages(fixture('nginx-1.22-web-old-tls12-flight.hex'))[0]?.body ?? new Uint8Array();
    for (let n = 0; n < body.length; n++) {
      try {
        parseServerHello(body.subarray(0, n));
      } catch (err) {
        expect(err).toBeInstanceOf(TlsParseError);
      }
    }
    for (let seed = 1; seed < 200; seed++) {
      const junk = noise(seed, seed * 3);
      for (const parse of [parseServerHello, parseCertificateMessage]) {
        try {
          parse(junk);
        } catch (err) {
          expect(err).toBeInstanceOf(TlsParseError);
        }
      }
      expect(parseSsl2ServerHello(junk) === null || typeof parseSsl2ServerHello(junk) === 'object').toBe(true);
    }
    expect(() => new HandshakeAssembler().push(Buffer.from('0bffffff', 'hex'))).toThrow(TlsParseError);
    expect(parseAlert(new Uint8Array(1))).toBeNull();
  });
});

describe('SSL 2.0', () => {
  it('builds a CLIENT-HELLO and reads a SERVER-HELLO', () => {
    const hello = buildSsl2ClientHello(new Uint8Array(16));
    expect(hello[0]).toBe(0x80);
    expect(hello[1]).toBe(hello.length - 2);
    expect(parseSsl2ServerHello(Buffer.from('8011040001000200000006000000000000', 'hex'))).toBeNull();
    const ok = Buffer.concat([Buffer.from([0x80, 14, 4, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0]), Buffer.from('010080', 'hex')]);
    expect(parseSsl2ServerHello(ok)).toEqual({ version: 2, ciphers: [0x010080] });
  });
});

describe('suites', () => {
  it('classifies weak suites from their IANA names', () => {
    expect(weaknessesOf('TLS_RSA_EXPORT_WITH_RC4_40_MD5')).toEqual(['export', 'rc4']);
    expect(weaknessesOf('TLS_DH_anon_WITH_3DES_EDE_CBC_SHA')).toEqual(['anon', '3des']);
    expect(weaknessesOf('TLS_RSA_WITH_DES_CBC_SHA')).toEqual(['des']);
    expect(weaknessesOf('TLS_ECDHE_RSA_WITH_NULL_SHA')).toEqual(['null']);
    expect(weaknessesOf('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')).toEqual([]);
    expect(suiteByCode(0x000a)).toMatchObject({
      name: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
      tls12: false,
      forwardSecret: false,
    });
    expect(suiteByCode(0xc02f)).toMatchObject({ tls12: true, forwardSecret: true });
    expect(suiteByCode(0xfefe).name).toBe('0xFEFE');
    expect(new Set(CIPHER_SUITES.map((s) => s.code)).size).toBe(CIPHER_SUITES.length);
    expect(versionName(TLS13)).toBe('TLSv1.3');
  });
});
