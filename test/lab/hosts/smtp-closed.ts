// Postfix as it should face the internet: relays for loopback only, VRFY disabled, STARTTLS with a (self-signed)
// certificate, AUTH only inside TLS, a banner that names no software. The smtp-* checks must find nothing here.
import type { LabHost } from '../lab.js';
import { startPostfix } from '../mail.js';
import { labCertificate } from '../support/tls.js';

export const host: LabHost = {
  name: 'smtp-closed',
  octet: 31,
  description: 'Postfix 25/587/465: no relay (mynetworks 127/8), VRFY off, STARTTLS (self-signed), AUTH only after TLS',
  packages: ['postfix', 'dovecot-core', 'openssl'],
  programs: ['postfix', 'dovecot', 'openssl'],
  async start(ctx) {
    // Signed by a lab CA for two years: a well-run server's certificate, nothing for the TLS checks to flag.
    const { chain: cert, key } = labCertificate(ctx, 'closed.pwlab.test');
    await startPostfix(
      ctx,
      {
        myhostname: 'closed.pwlab.test',
        smtpd_banner: '$myhostname ESMTP',
        mynetworks: '127.0.0.0/8 [::1]/128',
        smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
        disable_vrfy_command: 'yes',
        smtpd_sasl_auth_enable: 'yes',
        smtpd_tls_security_level: 'may',
        smtpd_tls_cert_file: cert,
        smtpd_tls_key_file: key,
        smtpd_tls_auth_only: 'yes',
        smtpd_tls_protocols: '>=TLSv1.2',
        // Postfix allows anonymous suites on opportunistic TLS by default; a hardened server does not.
        smtpd_tls_ciphers: 'high',
        smtpd_tls_exclude_ciphers: 'aNULL, eNULL, MD5, RC4, 3DES',
        // Submission (587, TLS required) and smtps (465) use the mandatory settings, which default to TLS 1.0+.
        smtpd_tls_mandatory_protocols: '>=TLSv1.2',
        smtpd_tls_mandatory_ciphers: 'high',
      },
      {
        saslAuth: true,
        master: [
          // Submission (RFC 6409) with TLS required before anything, and implicit TLS (RFC 8314) on 465.
          'submission inet n - n - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes',
          'smtps inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes',
        ],
      },
    );
  },
};
