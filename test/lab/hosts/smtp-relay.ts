// Postfix as badly run mail servers are: an open relay for the whole internet, VRFY answered, SASL AUTH
// (PLAIN, LOGIN, through a Dovecot auth socket) offered in clear text, no TLS. Everything the smtp-* checks flag.
import type { LabHost } from '../lab.js';
import { startPostfix } from '../mail.js';

export const host: LabHost = {
  name: 'smtp-relay',
  octet: 30,
  description: 'Postfix open relay (mynetworks 0/0), VRFY on, AUTH PLAIN/LOGIN without TLS, no STARTTLS',
  packages: ['postfix', 'dovecot-core'],
  programs: ['postfix', 'dovecot'],
  async start(ctx) {
    await startPostfix(
      ctx,
      {
        myhostname: 'relay.pwlab.test',
        mynetworks: '0.0.0.0/0 [::]/0',
        // Postfix refuses a bare `permit`; an all-covering mynetworks makes every client trusted, which is the usual
        // misconfiguration behind real open relays.
        smtpd_relay_restrictions: 'permit_mynetworks, reject_unauth_destination',
        disable_vrfy_command: 'no',
        smtpd_sasl_auth_enable: 'yes',
        smtpd_tls_security_level: 'none',
        smtpd_tls_auth_only: 'no',
      },
      { saslAuth: true },
    );
  },
};
