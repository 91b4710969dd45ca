/**
 * rtsp-describe-noauth: sends DESCRIBE (RFC 2326 §10.2) without credentials for the root path and the stream paths
 * common cameras and streaming servers use, and reports any that return a stream description (SDP) instead of
 * 401. No SETUP or PLAY is sent: no media is fetched.
 *
 * @output
 * 554/tcp rtsp-describe-noauth: /live returns its SDP without credentials (1 video track)
 *   high  RTSP stream readable without credentials
 */
import type { Check, CheckFinding } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { authSchemes, parseSdp } from '../protocols/rtsp/codec.js';
import { request, rtspUri } from '../protocols/rtsp/client.js';

/** The root and paths used by common cameras, NVRs and streaming servers (Hikvision, Dahua, Axis, live555, …). */
export const DEFAULT_PATHS: readonly string[] = [
  '/',
  '/live',
  '/stream',
  '/test',
  '/live.sdp',
  '/h264',
  '/Streaming/Channels/101',
  '/cam/realmonitor?channel=1&subtype=0',
  '/axis-media/media.amp',
  '/11',
];

export const check: Check = {
  id: 'rtsp-describe-noauth',
  title: { en: 'RTSP streams without credentials', zh: '无需凭据的 RTSP 码流' },
  categories: ['safe', 'auth'],
  references: ['RFC 2326', 'RFC 7826', 'RFC 8866'],
  applies: { transport: 'tcp', ports: [554, 8554], services: ['rtsp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const arg = ctx.args['rtsp.paths'];
    const paths = arg === undefined ? DEFAULT_PATHS : arg.split(',').filter((p) => p.startsWith('/'));
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 512 * 1024 },
        },
        async (s) => {
          const open: { path: string; media: string[]; name: string | null }[] = [];
          const protectedPaths: string[] = [];
          const schemes = new Set<string>();
          let cseq = 1;
          for (const path of paths) {
            if (s.closed) break;
            const r = await request(s, 'DESCRIBE', rtspUri(host, port, path), cseq++, { Accept: 'application/sdp' });
            if (r.status === 401) {
              protectedPaths.push(path);
              for (const sc of authSchemes(r)) schemes.add(sc);
              continue;
            }
            const sdp = r.status === 200 ? parseSdp(r.body) : null;
            if (sdp !== null) open.push({ path, media: sdp.media, name: sdp.sessionName });
            if ((r.headers['connection'] ?? '').toLowerCase() === 'close') break;
          }
          const evidence = {
            tried: paths.length,
            open: open.map((o) => o.path).join(' '),
            protected: protectedPaths.join(' '),
            authSchemes: [...schemes].join(','),
          };
          const findings: CheckFinding[] = [];
          if (open.length > 0) {
            const list = open
              .map((o) => `${o.path} (${o.media.map((m) => m.split(' ')[0]).join('+') || 'no media'})`)
              .join(', ');
            findings.push({
              key: 'no-auth',
              severity: 'high',
              title: { en: 'RTSP stream readable without credentials', zh: 'RTSP 码流无需凭据即可获取' },
              detail: {
                en: `DESCRIBE without credentials returned a stream description for ${list}. Anyone who reaches the port can watch or record the stream. Enable RTSP authentication (Digest rather than Basic) with a strong unique password, and keep the device off the internet (VPN or the recorder only).`,
                zh: `不带凭据的 DESCRIBE 请求返回了以下码流的描述：${list}。任何能连到该端口的人都可以观看或录制该码流。请开启 RTSP 认证（优先使用 Digest 而非 Basic），设置独立的强口令，并且不要让设备直接暴露在互联网上（只经 VPN 或录像机访问）。`,
              },
              action: 'restrict',
              evidence: { paths: open.map((o) => o.path).join(' '), session: open[0]?.name ?? null },
            });
          }
          if (schemes.has('Basic') && !schemes.has('Digest')) {
            findings.push({
              key: 'basic-auth',
              severity: 'medium',
              title: { en: 'RTSP offers only Basic authentication', zh: 'RTSP 只提供 Basic 认证' },
              detail: {
                en: 'The server asks for Basic credentials, which cross the network readable by anyone on the path. Switch the device to Digest authentication, or carry RTSP inside a VPN.',
                zh: '服务器要求 Basic 认证，凭据会以可读形式在网络上传输，路径上的任何人都能看到。请把设备改为 Digest 认证，或让 RTSP 只在 VPN 内传输。',
              },
              action: 'harden',
              evidence: { authSchemes: 'Basic' },
            });
          }
          return { status: 'ok', evidence, findings };
        },
      );
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
