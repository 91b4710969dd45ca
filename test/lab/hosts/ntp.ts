// NTPsec ntpd serving time with the default restrictions: it answers mode 6 (ntpq) queries from anyone, which
// is what ntp-info reports.
import type { LabHost } from '../lab.js';
import { startNtpsec } from '../support/ntpsec.js';

export const host: LabHost = {
  name: 'ntp',
  octet: 211,
  description: 'NTPsec ntpd, no restrict lines: answers time requests and mode 6 READVAR from anyone',
  packages: ['ntpsec', 'util-linux'],
  programs: ['ntpd', 'setpriv'],
  async start(ctx) {
    await startNtpsec(ctx, []);
  },
};
