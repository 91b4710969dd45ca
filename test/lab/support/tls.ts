// Certificates for the lab's hardened hosts: a key and certificate for the host's names and addresses, signed by a
// lab CA made for the host (RSA 2048, SHA-256, valid for two years), so TLS checks have nothing to say about them
// except that the CA is a private one — as on a well-run internal server. Made with the openssl command line.
import type { LabHostContext } from '../lab.js';

export interface LabCertificate {
  readonly key: string;
  readonly cert: string;
  /** Certificate then CA certificate, for servers that want the chain in one file. */
  readonly chain: string;
  readonly ca: string;
}

/** Make a CA-signed certificate for `dnsName` and the host's addresses, under the host's directory. */
export function labCertificate(ctx: LabHostContext, dnsName: string): LabCertificate {
  const d = ctx.dir;
  const openssl = (args: readonly string[]): string =>
    ctx.exec('env', [`OPENSSL_CONF=${d}/tls-openssl.cnf`, 'openssl', ...args]);
  ctx.file('tls-openssl.cnf', '[req]\ndistinguished_name = dn\n[dn]\n');
  ctx.file('tls-san.cnf', `subjectAltName = DNS:${dnsName}, IP:${ctx.address}, IP:${ctx.address6}\n`);
  const ca = `${d}/tls-ca.pem`;
  const caKey = `${d}/tls-ca.key`;
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650'].concat([
      '-subj',
      '/CN=Portwarden Lab CA/O=Portwarden Lab',
      '-keyout',
      caKey,
      '-out',
      ca,
    ]),
  );
  const key = `${d}/tls-server.key`;
  const csr = `${d}/tls-server.csr`;
  openssl(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${dnsName}/O=Portwarden Lab`].concat([
      '-keyout',
      key,
      '-out',
      csr,
    ]),
  );
  const cert = `${d}/tls-server.pem`;
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-sha256', '-days', '730'].concat([
      '-extfile',
      `${d}/tls-san.cnf`,
      '-out',
      cert,
    ]),
  );
  const chain = ctx.file('tls-chain.pem', openssl(['x509', '-in', cert]) + openssl(['x509', '-in', ca]));
  return { key, cert, chain, ca };
}
