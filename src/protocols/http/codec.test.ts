import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import { buildRequest, dechunk, extractTitle, header, hostHeader, parseMethodList, parseResponse } from './codec.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/http/${name}`, import.meta.url));

describe('buildRequest', () => {
  it('writes an HTTP/1.1 request that closes, and refuses header injection', () => {
    expect(buildRequest({ method: 'OPTIONS', path: '/', host: hostHeader('2001:db8::1', 8080, false) })).toBe(
      'OPTIONS / HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\nUser-Agent: portwarden\r\nAccept: */*\r\nConnection: close\r\n\r\n',
    );
    expect(hostHeader('a.test', 443, true)).toBe('a.test');
    expect(() => buildRequest({ method: 'GET', path: '/\r\nX: y', host: 'a' })).toThrow(RangeError);
  });
});

describe('parseResponse on nginx replies', () => {
  it('reads the login page of web-old: status, Server, title', () => {
    const r = parseResponse(fixture('nginx-1.22-web-old-get.txt'), true);
    expect(r).toMatchObject({ status: 200, complete: true });
    expect(r && header(r, 'server')).toBe('nginx/1.22.1');
    expect(r && extractTitle(r.body)).toBe('Old Intranet & Login');
  });
  it('reads the Allow header of OPTIONS and the 405 to TRACE', () => {
    const o = parseResponse(fixture('nginx-1.22-web-old-options.txt'), true);
    expect(o && parseMethodList([header(o, 'allow') ?? ''])).toEqual([
      'OPTIONS',
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'DELETE',
      'TRACE',
      'MKCOL',
      'COPY',
      'MOVE',
    ]);
    expect(parseResponse(fixture('nginx-1.22-web-old-trace.txt'), true)?.status).toBe(405);
  });
  it('reads the redirect of web', () => {
    const r = parseResponse(fixture('nginx-1.22-web-redirect.txt'), true);
    expect(r?.status).toBe(301);
    expect(r && header(r, 'location')).toBe('https://203.0.113.80/');
  });
  it('knows when a body is complete and waits for the head', () => {
    const get = fixture('nginx-1.22-web-old-get.txt');
    expect(parseResponse(get.subarray(0, get.length - 3), false)?.complete).toBe(false);
    expect(parseResponse(get.subarray(0, 20), false)).toBeNull();
    expect(parseResponse(Buffer.from('HTTP/1.0 200 OK\n\nbody'), false)).toMatchObject({ complete: false });
    expect(parseResponse(Buffer.from('HTTP/1.0 200 OK\n\nbody'), true)).toMatchObject({ complete: true });
  });
});

describe('chunked bodies, titles, hostile bytes', () => {
  it('de-chunks, also when cut short', () => {
    const raw = Buffer.from('4\r\n<tit\r\n6;ext=1\r\nle>A</\r\n7\r\ntitle>\n\r\n0\r\n\r\n');
    const d = dechunk(raw);
    expect(d.complete).toBe(true);
    expect(extractTitle(d.body)).toBe('A');
    expect(dechunk(raw.subarray(0, 12)).complete).toBe(false);
    const res = parseResponse(
      Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), raw]),
      false,
    );
    expect(res?.complete).toBe(true);
  });
  it('extracts titles with entities, odd spacing and Chinese text', () => {
    expect(extractTitle(Buffer.from('<TITLE id=x>\n  Router &#x26; &lt;Admin&gt;\t</TITLE >'))).toBe(
      'Router & <Admin>',
    );
    expect(extractTitle(Buffer.from('<title>登录 - 管理后台</title>'))).toBe('登录 - 管理后台');
    expect(extractTitle(Buffer.from('<title>' + 'x'.repeat(1000) + '</title>'))?.length).toBe(200);
    expect(extractTitle(Buffer.from('<html>no title</html>'))).toBeNull();
  });
  it('never throws on random bytes or non-HTTP replies', () => {
    expect(parseResponse(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), true)).toBeNull();
    expect(parseResponse(Buffer.from('HTTP/1.1 abc\r\n\r\n'), true)).toBeNull();
    for (let seed = 1; seed < 300; seed++) {
      const junk = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), noise(seed, seed * 4)]);
      expect(() => parseResponse(junk, true)).not.toThrow();
      expect(() => extractTitle(noise(seed, 500))).not.toThrow();
      expect(() => dechunk(noise(seed, 200))).not.toThrow();
    }
  });
});
