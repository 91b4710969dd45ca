// A neglected web server: nginx with TLS 1.0/1.1 next to 1.2, every suite this OpenSSL still has (NULL, anonymous
// ECDH, SEED; Debian 12 builds no 3DES or RC4 suites) at security level 0, an expired self-signed 1024-bit RSA certificate
// signed with SHA-1, the version in Server, WebDAV PUT/DELETE enabled and TRACE advertised, plain HTTP on 80.
import type { LabHost } from '../lab.js';
import { nginxConf, openssl, startNginx } from '../support/nginx.js';

// OpenSSL for this nginx only (OPENSSL_CONF in its environment): legacy provider for RC4, security level 0 so
// the 1024-bit key and SHA-1 signature load, TLS 1.0 allowed. Also used by `openssl ca` below.
const opensslConf = (dir: string): string => `
openssl_conf = init
[init]
providers = providers
ssl_conf = ssl
[providers]
default = on
legacy = on
[on]
activate = 1
[ssl]
system_default = tls
[tls]
CipherString = ALL:@SECLEVEL=0
MinProtocol = TLSv1
[ca]
default_ca = old
[old]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha1
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = web-old.lab.invalid
O = Portwarden Lab Old
`;

export const host: LabHost = {
  name: 'web-old',
  octet: 81,
  description: 'nginx, neglected: TLS 1.0/1.1, 3DES/RC4/anon suites, expired SHA-1 RSA-1024 self-signed cert, DAV',
  packages: ['nginx', 'openssl'],
  programs: ['nginx', 'openssl'],
  async start(ctx) {
    const d = ctx.dir;
    ctx.file('ca.cnf', opensslConf(d));
    ctx.file('index.txt', '');
    ctx.file('serial', '01\n');
    openssl(ctx, [
      'req',
      '-new',
      '-newkey',
      'rsa:1024',
      '-nodes',
      '-sha1',
      '-keyout',
      `${d}/server.key`,
      '-out',
      `${d}/server.csr`,
    ]);
    // Valid only in 2020: expired, as forgotten certificates are.
    openssl(ctx, [
      'ca',
      '-batch',
      '-selfsign',
      '-keyfile',
      `${d}/server.key`,
      '-in',
      `${d}/server.csr`,
      '-out',
      `${d}/server.pem`,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20210101000000Z',
      '-md',
      'sha1',
    ]);
    ctx.file(
      'www/index.html',
      '<!DOCTYPE html>\n<html>\n<head>\n  <title>\n    Old Intranet &amp; Login\n  </title>\n</head>\n<body><form method="post"><input name="u"><input type="password" name="p"></form></body>\n</html>\n',
    );
    const conf = nginxConf(
      ctx,
      `
  server {
    listen 80; listen [::]:80;
    listen 443 ssl; listen [::]:443 ssl;
    ssl_certificate ${d}/server.pem;
    ssl_certificate_key ${d}/server.key;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers ALL:eNULL:@SECLEVEL=0;
    ssl_prefer_server_ciphers on;
    root ${d}/www;
    location / {
      dav_methods PUT DELETE MKCOL COPY MOVE;
      if ($request_method = OPTIONS) {
        add_header Allow "OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, MKCOL, COPY, MOVE";
        return 200;
      }
    }
  }`,
    );
    await startNginx(ctx, conf, [80, 443], [`OPENSSL_CONF=${d}/ca.cnf`]);
  },
};
