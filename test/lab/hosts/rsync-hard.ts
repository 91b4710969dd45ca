// rsync daemon whose only module needs a password (auth users + a 0600 secrets file): rsync-noauth finds nothing.
import type { LabHost } from '../lab.js';
import { startRsyncd } from './rsync.js';

export const host: LabHost = {
  name: 'rsync-hard',
  octet: 215,
  description: 'rsync daemon: module backup unlisted (list = no) and protected by auth users and a secrets file',
  packages: ['rsync'],
  programs: ['rsync'],
  async start(ctx) {
    const secrets = ctx.file('rsyncd.secrets', 'backup:lab-only-secret\n', 0o600);
    await startRsyncd(
      ctx,
      [
        '[backup]',
        `  path = ${ctx.dir}/backup`,
        '  comment = Nightly backup',
        '  list = no',
        '  auth users = backup',
        `  secrets file = ${secrets}`,
        '  strict modes = yes',
      ].join('\n'),
    );
  },
};
