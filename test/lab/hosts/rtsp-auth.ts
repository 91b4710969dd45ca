// The same GStreamer RTSP server with Digest authentication: rtsp-describe-noauth must find nothing.
import type { LabHost } from '../lab.js';
import { startRtsp } from './rtsp.js';

export const host: LabHost = {
  name: 'rtsp-auth',
  octet: 166,
  description: 'gst-rtsp-server test stream at /live behind Digest authentication',
  packages: ['gir1.2-gst-rtsp-server-1.0', 'python3-gi', 'gstreamer1.0-plugins-base', 'gstreamer1.0-plugins-good'],
  programs: ['/usr/bin/python3'],
  async start(ctx) {
    await startRtsp(ctx, { user: 'viewer', password: 'lab-only-rtsp-3e1b' });
  },
};
