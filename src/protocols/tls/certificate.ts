/**
 * What an X.509 certificate (RFC 5280) says about itself, read from DER: names, validity, key and signature
 * algorithm. Node's X509Certificate does the parsing; the signature algorithm, which it does not expose, is read
 * from the DER directly (Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }).
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  /** DNS names and IP addresses of subjectAltName. */
  readonly altNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial: string;
  readonly sha256: string;
  /** Issued by itself and verifiable with its own key. */
  readonly selfSigned: boolean;
  /** 'rsa', 'ec', 'ed25519', 'dsa', … */
  readonly keyType: string;
  /** Modulus bits for RSA/DSA, curve size for EC (256 for P-256), 0 when unknown. */
  readonly keyBits: number;
  /** e.g. 'prime256v1' for EC keys. */
  readonly curve: string | null;
  /** Signature algorithm name (sha256WithRSAEncryption, ecdsa-with-SHA256, …) or its OID. */
  readonly signatureAlgorithm: string;
  /** The hash behind the signature: 'md5', 'sha1', 'sha256', … or null when the scheme names none (Ed25519). */
  readonly signatureHash: string | null;
}

/** Signature algorithm OIDs (RFC 3279, RFC 4055, RFC 5758, RFC 8410). */
const SIGNATURE_OIDS: Readonly<Record<string, readonly [string, string | null]>> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.10': ['rsassa-pss', null],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.10040.4.3': ['dsa-with-sha1', 'sha1'],
  '2.16.840.1.101.3.4.3.1': ['dsa-with-sha224', 'sha224'],
  '2.16.840.1.101.3.4.3.2': ['dsa-with-sha256', 'sha256'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'sha224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.3.101.112': ['ed25519', null],
  '1.3.101.113': ['ed448', null],
};

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  secp192r1: 192,
  prime192v1: 192,
  secp256k1: 256,
};

/** One DER element: tag, the offset of its content and the offset after it. */
function derElement(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  if (at + 2 > der.length) throw new RangeError('truncated DER');
  const tag = der[at] ?? 0;
  let length = der[at + 1] ?? 0;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) throw new RangeError('bad DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (der[start + i] ?? 0);
    start += n;
  }
  if (start + length > der.length) throw new RangeError('truncated DER');
  return { tag, start, end: start + length };
}

function oidString(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (const b of bytes.subarray(1)) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/**
 * The OID of the outer signatureAlgorithm of a DER certificate.
 * @example signatureOid(der) // '1.2.840.113549.1.1.11'
 */
export function signatureOid(der: Uint8Array): string {
  const cert = derElement(der, 0);
  if (cert.tag !== 0x30) throw new RangeError('not a DER certificate');
  const tbs = derElement(der, cert.start);
  const algorithm = derElement(der, tbs.end);
  if (algorithm.tag !== 0x30) throw new RangeError('no signature algorithm');
  const oid = derElement(der, algorithm.start);
  if (oid.tag !== 0x06) throw new RangeError('no signature algorithm OID');
  return oidString(der.subarray(oid.start, oid.end));
}

function altNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (san === undefined) return [];
  return san
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((v): v is string => v !== undefined);
}

/**
 * Read a DER certificate; throws RangeError (or Node's parse error) when it is not one.
 * @example summarizeCertificate(der).keyBits // 2048
 */
export function summarizeCertificate(der: Uint8Array): CertificateSummary {
  const cert = new X509Certificate(der);
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve ?? null;
  const keyBits = details.modulusLength ?? (curve !== null ? (CURVE_BITS[curve] ?? 0) : 0);
  const oid = signatureOid(der);
  const [signatureAlgorithm, signatureHash] = SIGNATURE_OIDS[oid] ?? [oid, null];
  let selfSigned = false;
  try {
    selfSigned = cert.checkIssued(cert) && cert.verify(key);
  } catch {
    selfSigned = false;
  }
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    altNames: altNames(cert),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    serial: cert.serialNumber,
    sha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    selfSigned,
    keyType: key.asymmetricKeyType ?? 'unknown',
    keyBits,
    curve,
    signatureAlgorithm,
    signatureHash,
  };
}
