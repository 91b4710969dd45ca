// NTPsec ntpd restricted as RFC 8633 advises: time for everyone, no mode 6 (noquery) except from localhost.
import type { LabHost } from '../lab.js';
import { startNtpsec } from '../support/ntpsec.js';

export const host: LabHost = {
  name: 'ntp-hard',
  octet: 212,
  description: 'NTPsec ntpd with restrict default kod limited nomodify nopeer noquery: time only',
  packages: ['ntpsec', 'util-linux'],
  programs: ['ntpd', 'setpriv'],
  async start(ctx) {
    await startNtpsec(ctx, [
      'restrict default kod limited nomodify nopeer noquery',
      'restrict -6 default kod limited nomodify nopeer noquery',
      'restrict 127.0.0.1',
      'restrict -6 ::1',
    ]);
  },
};
