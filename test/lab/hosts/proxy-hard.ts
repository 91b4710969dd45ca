// tinyproxy that serves only its own host (Allow 127.0.0.1 / ::1) and tunnels only to 443.
import type { LabHost } from '../lab.js';
import { startTinyproxy } from './proxy.js';

export const host: LabHost = {
  name: 'proxy-hard',
  octet: 222,
  description: 'tinyproxy on 8888 with Allow 127.0.0.1 and ::1 only, ConnectPort 443',
  packages: ['tinyproxy'],
  programs: ['tinyproxy'],
  async start(ctx) {
    await startTinyproxy(ctx, ['Allow 127.0.0.1', 'Allow ::1', 'ConnectPort 443']);
  },
};
