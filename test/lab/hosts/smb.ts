// Samba as many LANs still run it: SMB1 allowed, signing not required, a guest share, NetBIOS (nmbd) on,
// and samba-dcerpcd serving the DCE/RPC endpoint mapper on TCP 135. Everything the smb-* checks must flag.
import type { LabHost } from '../lab.js';
import { sambaConfig, startSamba } from '../samba.js';

export const host: LabHost = {
  name: 'smb',
  octet: 139,
  description: 'Samba smbd+nmbd+samba-dcerpcd: SMB1 on, signing optional, guest share, NetBIOS PWLAB-SMB, epmap 135',
  packages: ['samba'],
  programs: ['smbd', 'nmbd', '/usr/libexec/samba/samba-dcerpcd'],
  async start(ctx) {
    const conf = sambaConfig(ctx.dir, {
      'netbios name': 'PWLAB-SMB',
      workgroup: 'LABGROUP',
      'server string': 'portwarden lab',
      'server min protocol': 'NT1',
      'server signing': 'auto',
      'map to guest': 'Bad User',
      'guest account': 'nobody',
      'restrict anonymous': '0',
      'smb ports': '445 139',
    });
    await startSamba(ctx, conf, { netbios: true, epmapper: true, share: { name: 'public', guest: true } });
  },
};
