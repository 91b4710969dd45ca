// GStreamer's RTSP server (gst-rtsp-server through PyGObject) serving a test pattern at /live without
// authentication: rtsp-describe-noauth reports it.
import type { LabHost, LabHostContext } from '../lab.js';

/** Start a GstRtspServer on port 554 serving /live; with `digest`, every request needs that user's password. */
export async function startRtsp(ctx: LabHostContext, digest: { user: string; password: string } | null): Promise<void> {
  const script = ctx.file(
    'rtsp.py',
    `import gi, sys
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
gi.require_version('GstRtsp', '1.0')
from gi.repository import Gst, GstRtsp, GstRtspServer, GLib
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address('::')
server.set_service('554')
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch('( videotestsrc is-live=true ! video/x-raw,format=I420,width=160,height=120,framerate=5/1 ! jpegenc ! rtpjpegpay name=pay0 pt=26 )')
factory.set_shared(True)
${
  digest === null
    ? ''
    : `auth = GstRtspServer.RTSPAuth()
auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
token = GstRtspServer.RTSPToken()
token.set_string('media.factory.role', 'viewer')
auth.add_digest(${JSON.stringify(digest.user)}, ${JSON.stringify(digest.password)}, token)
server.set_auth(auth)
perms = GstRtspServer.RTSPPermissions()
perms.add_permission_for_role('viewer', 'media.factory.access', True)
perms.add_permission_for_role('viewer', 'media.factory.construct', True)
factory.set_permissions(perms)
`
}server.get_mount_points().add_factory('/live', factory)
server.attach(None)
print('rtsp ready', flush=True)
GLib.MainLoop().run()
`,
  );
  ctx.daemon('/usr/bin/python3', [script], 'rtsp');
  await ctx.waitTcp(554);
}

export const host: LabHost = {
  name: 'rtsp',
  octet: 165,
  description: 'gst-rtsp-server test stream at /live without authentication',
  packages: ['gir1.2-gst-rtsp-server-1.0', 'python3-gi', 'gstreamer1.0-plugins-base', 'gstreamer1.0-plugins-good'],
  programs: ['/usr/bin/python3'],
  async start(ctx) {
    await startRtsp(ctx, null);
  },
};
