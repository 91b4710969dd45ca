// Dovecot POP3 and IMAP as old installations run them: no TLS at all, USER/PASS and LOGIN accepted in clear text.
import type { LabHost } from '../lab.js';
import { startDovecot } from '../mail.js';

export const host: LabHost = {
  name: 'mail-plain',
  octet: 32,
  description: 'Dovecot POP3 110 + IMAP 143, no TLS, plaintext login allowed (disable_plaintext_auth = no)',
  packages: ['dovecot-core', 'dovecot-pop3d', 'dovecot-imapd'],
  programs: ['dovecot'],
  async start(ctx) {
    await startDovecot(
      ctx,
      ['protocols = imap pop3', 'ssl = no', 'disable_plaintext_auth = no', 'auth_mechanisms = plain login'],
      [110, 143],
    );
  },
};
