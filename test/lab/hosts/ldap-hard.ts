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
      ['disallow bind_anon', 'require authc'].join('\n'),
      [
        'access to attrs=userPassword by self write by anonymous auth by * none',
        'access to * by users read by anonymous auth by * none',
      ].join('\n'),
    );
  },
};
