// Dovecot POP3 and IMAP hardened: TLS required (STLS/STARTTLS on 110/143, implicit on 995/993, self-signed
// certificate), no login of any kind before TLS. The pop-*/imap-* checks must find nothing here.
import type { LabHost } from '../lab.js';
import { startDovecot } from '../mail.js';
import { labCertificate } from '../support/tls.js';

export const host: LabHost = {
  name: 'mail-tls',
  octet: 33,
  description: 'Dovecot POP3/IMAP with STLS/STARTTLS and 995/993, ssl = required, no cleartext login',
  packages: ['dovecot-core', 'dovecot-pop3d', 'dovecot-imapd', 'openssl'],
  programs: ['dovecot', 'openssl'],
  async start(ctx) {
    // Signed by a lab CA for two years: a well-run server's certificate, nothing for the TLS checks to flag.
    const { chain: cert, key } = labCertificate(ctx, 'mail-tls.pwlab.test');
    await startDovecot(
      ctx,
      [
        'protocols = imap pop3',
        'ssl = required',
        `ssl_cert = <${cert}`,
        `ssl_key = <${key}`,
        'ssl_dh = </usr/share/dovecot/dh.pem',
        'ssl_min_protocol = TLSv1.2',
        'disable_plaintext_auth = yes',
        'auth_mechanisms = plain login',
      ],
      [110, 143, 993, 995],
    );
  },
};
