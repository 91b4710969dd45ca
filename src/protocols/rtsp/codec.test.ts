import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import { authSchemes, encodeRequest, parseResponse, parseSdp, responseLength } from './codec.js';

describe('rtsp codec', () => {
  it('encodes a request with CSeq', () => {
    expect(Buffer.from(encodeRequest('OPTIONS', 'rtsp://203.0.113.165:554/', 3)).toString()).toBe(
      'OPTIONS rtsp://203.0.113.165:554/ RTSP/1.0\r\nCSeq: 3\r\nUser-Agent: portwarden\r\n\r\n',
    );
  });

  it("reads gst-rtsp-server's OPTIONS answer", () => {
    const bytes = hexFixture('rtsp', 'gst-rtsp-server-1.22-options');
    expect(responseLength(bytes)).toBe(bytes.length);
    const r = parseResponse(bytes);
    expect(r).toMatchObject({ version: '1.0', status: 200, headers: { server: 'GStreamer RTSP server', cseq: '1' } });
    expect(r?.headers['public']).toContain('DESCRIBE');
  });

  it('reads a DESCRIBE answer with its SDP body, and a Digest challenge', () => {
    const ok = hexFixture('rtsp', 'gst-rtsp-server-1.22-describe-200');
    expect(responseLength(ok)).toBe(ok.length);
    const r = parseResponse(ok);
    expect(r?.headers['content-type']).toBe('application/sdp');
    expect(parseSdp(r?.body ?? '')).toEqual({
      sessionName: 'Session streamed with GStreamer',
      media: ['video 0 RTP/AVP 26'],
    });
    const denied = parseResponse(hexFixture('rtsp', 'gst-rtsp-server-1.22-describe-401'));
    expect(denied?.status).toBe(401);
    expect(denied && authSchemes(denied)).toEqual(['Digest']);
  });

  it('waits for the body, refuses oversize and non-RTSP', () => {
    const ok = hexFixture('rtsp', 'gst-rtsp-server-1.22-describe-200');
    for (let n = 0; n < ok.length; n += 23) expect(responseLength(ok.subarray(0, n))).toBe(-1);
    expect(() => responseLength(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 999999999\r\n\r\n'))).toThrow(
      RangeError,
    );
    expect(() => responseLength(Buffer.alloc(20_000, 0x41))).toThrow(RangeError);
    expect(parseResponse(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toBeNull();
    expect(parseSdp('hello')).toBeNull();
    const basic = parseResponse(
      Buffer.from('RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n'),
    );
    expect(basic && authSchemes(basic)).toEqual(['Basic']);
  });
});
