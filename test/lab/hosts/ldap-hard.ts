// OpenLDAP slapd hardened: anonymous binds disallowed and every operation requires an authenticated identity
// (`disallow bind_anon`, `require authc`), entries readable by users only.
import type { LabHost } from '../lab.js';
import { startSlapd } from './ldap.js';

export const host: LabHost = {
  name: 'ldap-hard',
  octet: 187,
  description: 'slapd (OpenLDAP) with anonymous bind disallowed and authentication required; LDAPS on 636',
  packages: ['slapd', 'ldap-utils'],
  programs: ['slapd', 'slapadd'],
  async start(ctx) {
    await startSlapd(
      ctx,
      // TLS 1.2 or later only, as a hardened LDAPS should. Debian's slapd uses GnuTLS, which takes a priority
      // string here (TLSProtocolMin is for OpenSSL builds).
      [
        'disallow bind_anon',
        'require authc',
        'TLSCipherSuite SECURE256:SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2',
      ].join('\n'),
      [
        'access to attrs=userPassword by self write by anonymous auth by * none',
        'access to * by users read by anonymous auth by * none',
      ].join('\n'),
    );
  },
};
