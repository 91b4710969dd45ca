// An authoritative-only server for lab.test (dnsmasq auth mode) that hands the zone to anyone: dns-zone-transfer
// reports here; it is also the upstream the recursive dns host forwards to, so recursion is provable offline.
import type { LabHost } from '../lab.js';
import { startAuthDnsmasq } from '../dnsmasq-auth.js';

export const host: LabHost = {
  name: 'dns-auth',
  octet: 54,
  description: 'dnsmasq authoritative for lab.test, no recursion, AXFR open to anyone',
  packages: ['dnsmasq'],
  programs: ['dnsmasq'],
  start: (ctx) => startAuthDnsmasq(ctx, { axfr: true, ident: true }),
};
