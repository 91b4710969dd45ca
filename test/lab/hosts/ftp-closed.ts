// vsftpd hardened: no anonymous login, TLS required for logins and data, a banner that names no product.
import type { LabHost } from '../lab.js';
import { vsftpdConfig } from './ftp-anon.js';
import { labCertificate } from '../support/tls.js';

export const host: LabHost = {
  name: 'ftp-closed',
  octet: 22,
  description: 'vsftpd hardened: anonymous off, AUTH TLS required for logins and data, neutral banner',
  packages: ['vsftpd', 'openssl'],
  programs: ['vsftpd', 'openssl'],
  async start(ctx) {
    // Signed by a lab CA, two years: nothing for the TLS checks to flag on the hardened host.
    const { key, chain: cert } = labCertificate(ctx, 'ftp-closed.lab.test');
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
