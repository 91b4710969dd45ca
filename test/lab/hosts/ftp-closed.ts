// vsftpd hardened: no anonymous login, TLS required for logins and data, a banner that names no product.
import type { LabHost } from '../lab.js';
import { vsftpdConfig } from './ftp-anon.js';

export const host: LabHost = {
  name: 'ftp-closed',
  octet: 22,
  description: 'vsftpd hardened: anonymous off, AUTH TLS required for logins and data, neutral banner',
  packages: ['vsftpd', 'openssl'],
  programs: ['vsftpd', 'openssl'],
  async start(ctx) {
    const key = `${ctx.dir}/key.pem`;
    const cert = `${ctx.dir}/cert.pem`;
    ctx.exec('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=ftp-closed.lab.test',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const conf = vsftpdConfig(ctx, 'vsftpd-21', [
      'listen_port=21',
      'anonymous_enable=NO',
      'local_enable=YES',
      'ftpd_banner=FTP service ready.',
      'ssl_enable=YES',
      'ssl_tlsv1=YES',
      'force_local_logins_ssl=YES',
      'force_local_data_ssl=YES',
      'require_ssl_reuse=NO',
      `rsa_cert_file=${cert}`,
      `rsa_private_key_file=${key}`,
      'pasv_min_port=40021',
      'pasv_max_port=40024',
    ]);
    ctx.daemon('vsftpd', [conf], 'vsftpd-21');
    await ctx.waitTcp(21);
  },
};
