// A hardened web server: nginx, HTTP on 80 only redirecting to HTTPS on 443; TLS 1.2/1.3 with forward-secret
// AEAD suites only; a 2048-bit RSA certificate signed with SHA-256 by a lab CA (not self-signed), valid for a
// year; no version in Server; HSTS and the usual security headers; no methods beyond GET/HEAD/POST.
import type { LabHost } from '../lab.js';
import { nginxConf, startNginx } from '../support/nginx.js';
import { labCertificate } from '../support/tls.js';

export const host: LabHost = {
  name: 'web',
  octet: 80,
  description: 'nginx, hardened: HTTP→HTTPS redirect, TLS 1.2/1.3 AEAD only, CA-signed RSA-2048 cert, HSTS',
  packages: ['nginx', 'openssl'],
  programs: ['nginx', 'openssl'],
  async start(ctx) {
    const d = ctx.dir;
    const tls = labCertificate(ctx, 'web.lab.invalid');
    ctx.file(
      'www/index.html',
      '<!doctype html>\n<html><head><title>Portwarden lab: web</title></head><body><p>Hello.</p></body></html>\n',
    );
    const conf = nginxConf(
      ctx,
      `
  server_tokens off;
  server {
    listen 80; listen [::]:80;
    location / { return 301 https://$host$request_uri; }
  }
  server {
    listen 443 ssl; listen [::]:443 ssl;
    ssl_certificate ${tls.chain};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    root ${d}/www;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
    add_header Referrer-Policy no-referrer always;
  }`,
    );
    await startNginx(ctx, conf, [80, 443]);
  },
};
