// The hardened authoritative server: lab.test only, no recursion, no CHAOS identity, zone transfers refused.
// dns-version, dns-recursion and dns-zone-transfer must report nothing here.
import type { LabHost } from '../lab.js';
import { startAuthDnsmasq } from '../dnsmasq-auth.js';

export const host: LabHost = {
  name: 'dns-closed',
  octet: 55,
  description: 'dnsmasq authoritative for lab.test: no recursion, version hidden, AXFR refused',
  packages: ['dnsmasq'],
  programs: ['dnsmasq'],
  start: (ctx) => startAuthDnsmasq(ctx, { axfr: false, ident: false }),
};
