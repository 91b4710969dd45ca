// Samba hardened the way the knowledge base advises: SMB 2.1+ only, signing mandatory, no guest access,
// NetBIOS off (no nmbd, no port 139). The smb-* checks must find nothing to flag here.
import type { LabHost } from '../lab.js';
import { sambaConfig, startSamba } from '../samba.js';

export const host: LabHost = {
  name: 'smb-hard',
  octet: 140,
  description: 'Samba smbd hardened: SMB2_10..SMB3, signing mandatory, no guest, NetBIOS disabled, 445 only',
  packages: ['samba'],
  programs: ['smbd'],
  async start(ctx) {
    const conf = sambaConfig(ctx.dir, {
      'netbios name': 'PWLAB-HARD',
      workgroup: 'LABGROUP',
      'server min protocol': 'SMB2_10',
      'server signing': 'mandatory',
      'map to guest': 'Never',
      'restrict anonymous': '2',
      'disable netbios': 'yes',
      'smb ports': '445',
    });
    await startSamba(ctx, conf, { netbios: false, epmapper: false, share: { name: 'data', guest: false } });
  },
};
