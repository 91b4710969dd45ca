// The signatures of knowledge/signatures/{ssh,redis,memcached,rtsp,vnc,ms-wbt-server,elasticsearch,mongodb,docker}.yaml
// on replies captured from the lab's daemons, and on replies built from the documented formats of the services the
// lab cannot run (Elasticsearch, MongoDB, Docker, Windows RDP).
import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../src/identify/match.js';
import { loadSignatureSources } from '../src/identify/sources.js';
import { encodeBson } from '../src/protocols/mongodb/codec.js';
import { hexFixture } from './support/fixture.js';

const matcher = new SignatureMatcher(loadSignatureSources());
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('signatures of the modern services', () => {
  it('ssh: OpenSSH with its distribution, Dropbear, libssh, Cisco and anything else', () => {
    const greeting = hexFixture('ssh', 'openssh-9.2p1-deb12u10-hardened');
    const line = greeting.subarray(0, greeting.indexOf('\n') + 1);
    expect(matcher.match('banner', line)).toMatchObject({
      service: 'ssh',
      product: 'OpenSSH',
      version: '9.2p1',
      extraInfo: 'protocol 2.0; Debian-2+deb12u10',
      os: 'Linux',
      cpe: 'cpe:/a:openbsd:openssh:9.2p1',
    });
    expect(matcher.match('banner', text('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n'))?.extraInfo).toContain(
      'Ubuntu',
    );
    expect(matcher.match('banner', text('SSH-2.0-dropbear_2022.83\r\n'))).toMatchObject({
      product: 'Dropbear sshd',
      version: '2022.83',
    });
    expect(matcher.match('banner', text('SSH-2.0-libssh_0.10.6\r\n'))).toMatchObject({
      product: 'libssh',
      version: '0.10.6',
    });
    expect(matcher.match('banner', text('SSH-1.99-Cisco-1.25\r\n'))).toMatchObject({
      product: 'Cisco SSH',
      extraInfo: 'protocol 1.99',
    });
    expect(matcher.match('banner', text('SSH-2.0-AWSCodeCommit\r\n'))).toMatchObject({
      service: 'ssh',
      product: 'AWSCodeCommit',
    });
  });

  it('redis and memcached: open and password-protected servers', () => {
    expect(matcher.match('redis-ping', hexFixture('redis', 'redis-7.0.15-ping'))).toMatchObject({
      service: 'redis',
      soft: false,
    });
    expect(matcher.match('redis-ping', hexFixture('redis', 'redis-7.0.15-ping-noauth'))).toMatchObject({
      service: 'redis',
      extraInfo: 'authentication required',
    });
    expect(matcher.match('memcached-version', hexFixture('memcached', 'memcached-1.6.18-version'))).toMatchObject({
      service: 'memcached',
      version: '1.6.18',
      cpe: 'cpe:/a:memcached:memcached:1.6.18',
    });
    expect(
      matcher.match('memcached-version', hexFixture('memcached', 'memcached-1.6.18-version-auth-required')),
    ).toMatchObject({ service: 'memcached', extraInfo: 'authentication required' });
  });

  it('rtsp, vnc and rdp: the lab daemons, and a Windows RDP answer from MS-RDPBCGR', () => {
    expect(matcher.match('rtsp-options', hexFixture('rtsp', 'gst-rtsp-server-1.22-options'))).toMatchObject({
      service: 'rtsp',
      product: 'GStreamer RTSP server',
    });
    expect(
      matcher.match(
        'rtsp-options',
        text('RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: LIVE555 Streaming Media v2020.08.19\r\n\r\n'),
      ),
    ).toMatchObject({ product: 'LIVE555 Streaming Media', version: '2020.08.19' });
    expect(matcher.match('banner', hexFixture('rfb', 'tigervnc-1.12-version'))).toMatchObject({
      service: 'vnc',
      extraInfo: 'protocol 3.8',
    });
    expect(matcher.match('rdp-neg', hexFixture('rdp', 'xrdp-0.9.21-rdp-neg-probe'))).toMatchObject({
      service: 'ms-wbt-server',
      extraInfo: 'TLS selected, NLA not offered',
    });
    const windows = Buffer.from('030000130ed00000123400021f080002000000', 'hex');
    expect(matcher.match('rdp-neg', windows)).toMatchObject({ product: 'Microsoft Terminal Services', os: 'Windows' });
  });

  it('elasticsearch, docker and mongodb from their documented answers', () => {
    const es = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(
      {
        name: 'n1',
        cluster_name: 'logs',
        version: { number: '7.17.9', build_flavor: 'default' },
        tagline: 'You Know, for Search',
      },
      null,
      2,
    )}`;
    expect(matcher.match('http-get', text(es))).toMatchObject({ service: 'elasticsearch', version: '7.17.9' });
    const os = `HTTP/1.1 200 OK\r\n\r\n{"name":"n","cluster_name":"c","version":{"distribution":"opensearch","number":"2.11.0"},"tagline":"The OpenSearch Project: https://opensearch.org/"}`;
    expect(matcher.match('http-get', text(os))).toMatchObject({ product: 'OpenSearch', version: '2.11.0' });
    const locked = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="security" charset="UTF-8"\r\n\r\n';
    expect(matcher.match('http-get', text(locked))).toMatchObject({
      service: 'elasticsearch',
      extraInfo: 'authentication required',
    });
    const docker =
      'HTTP/1.0 404 Not Found\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/24.0.7 (linux)\r\n\r\n{"message":"page not found"}\n';
    expect(matcher.match('http-get', text(docker))).toMatchObject({
      service: 'docker',
      version: '24.0.7',
      extraInfo: 'linux',
    });
    const doc = encodeBson({ ismaster: true, maxBsonObjectSize: 16777216, maxWireVersion: 21, ok: 1 });
    const reply = Buffer.concat([Buffer.alloc(36), doc]);
    reply.writeInt32LE(reply.length, 0);
    reply.writeInt32LE(1, 8);
    reply.writeInt32LE(1, 12);
    reply.writeInt32LE(1, 32);
    expect(matcher.match('mongodb-hello', reply)).toMatchObject({ service: 'mongodb', product: 'MongoDB' });
  });

  it('does not claim unrelated replies', () => {
    const http = text('HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n<html></html>');
    for (const probe of ['redis-ping', 'memcached-version', 'rtsp-options', 'rdp-neg', 'mongodb-hello']) {
      expect(matcher.match(probe, http), probe).toBeNull();
    }
    expect(matcher.match('http-get', http, new Set(['elasticsearch', 'docker', 'mongodb', 'rtsp']))).toBeNull();
  });
});
