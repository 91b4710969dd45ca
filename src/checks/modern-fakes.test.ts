// The SSH, RTSP, Redis, memcached, VNC, RDP, Elasticsearch, MongoDB and Docker checks against small local fake
// servers on 127.0.0.1: the services the lab cannot run (MongoDB, Elasticsearch, Docker, an NLA-only RDP server),
// and hostile peers (garbage, truncated, endless, 1 byte per second, silent): none may hang or crash.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import { encodeBson, type BsonDocument } from '../protocols/mongodb/codec.js';
import { check as sshBanner } from './ssh-banner.js';
import { check as sshAlgorithms } from './ssh-algorithms.js';
import { check as redisNoauth } from './redis-noauth.js';
import { check as memcachedNoauth } from './memcached-noauth.js';
import { check as vncAuth } from './vnc-auth.js';
import { check as rdpDetect } from './rdp-detect.js';
import { check as rtspOptions } from './rtsp-options.js';
import { check as rtspDescribe } from './rtsp-describe-noauth.js';
import { check as esNoauth } from './elasticsearch-noauth.js';
import { check as dockerNoauth } from './docker-api-noauth.js';
import { check as mongoNoauth } from './mongodb-noauth.js';
import { ok } from '../../test/support/check-outcome.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A fake server on 127.0.0.1 driven by `handle` per connection; resolves to its port. */
function fake(handle: (socket: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      handle(socket);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

function run(check: Check, port: number, timeoutMs = 500): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs,
    intrusive: false,
    args: {},
  });
}

/** An HTTP server answering each path from `routes` (JSON bodies) with Connection: close. */
function http(routes: Record<string, [number, string]>): Promise<number> {
  return fake((s) => {
    s.once('data', (d) => {
      const path = /^GET (\S+)/.exec(d.toString('latin1'))?.[1] ?? '/';
      const [status, body] = routes[path] ?? [404, '{}'];
      s.end(
        `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `${status === 401 ? 'WWW-Authenticate: Basic realm="security"\r\n' : ''}Connection: close\r\n\r\n${body}`,
      );
    });
  });
}

/** A MongoDB server answering each command (by name) with `answers[name]`, over OP_REPLY or OP_MSG as asked. */
function mongo(answers: Record<string, BsonDocument>): Promise<number> {
  return fake((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const msg = buf.subarray(0, buf.readInt32LE(0));
        buf = buf.subarray(msg.length);
        const op = msg.readInt32LE(12);
        const docAt = op === 2013 ? 21 : msg.indexOf(0, 20) + 1 + 8;
        const name = msg.toString('latin1', docAt + 5, msg.indexOf(0, docAt + 5));
        const doc = encodeBson(answers[name] ?? { ok: 0, errmsg: 'no such command', code: 59 });
        const body =
          op === 2013 ? Buffer.concat([Buffer.alloc(4), Buffer.of(0), doc]) : Buffer.concat([Buffer.alloc(20), doc]);
        if (op !== 2013) body.writeInt32LE(1, 16);
        const head = Buffer.alloc(16);
        head.writeInt32LE(16 + body.length, 0);
        head.writeInt32LE(msg.readInt32LE(4), 8);
        head.writeInt32LE(op === 2013 ? 2013 : 1, 12);
        s.write(Buffer.concat([head, body]));
      }
    });
  });
}

describe('MongoDB, Elasticsearch and Docker on fakes built from their documented wire formats', () => {
  it('mongodb-noauth: database names without credentials are critical (OP_MSG server)', async () => {
    const port = await mongo({
      isMaster: { ismaster: true, maxWireVersion: 21, ok: 1 },
      buildInfo: { version: '7.0.5', ok: 1 },
      listDatabases: { databases: [{ name: 'admin' }, { name: 'shop' }], ok: 1 },
    });
    const r = ok(await run(mongoNoauth, port));
    expect(r.evidence).toMatchObject({ auth: 'none', version: '7.0.5', databases: 2, names: 'admin, shop' });
    expect(r.findings.map((f) => f.severity)).toEqual(['critical']);
  });

  it('mongodb-noauth: Unauthorized (code 13) is fine, and an old OP_QUERY-only server is read too', async () => {
    const port = await mongo({
      isMaster: { ismaster: true, maxWireVersion: 4, ok: 1 },
      buildInfo: { version: '3.2.22', ok: 1 },
      listDatabases: { ok: 0, errmsg: 'not authorized on admin', code: 13, codeName: 'Unauthorized' },
    });
    const r = ok(await run(mongoNoauth, port));
    expect(r.evidence).toMatchObject({ auth: 'required', code: 13, version: '3.2.22' });
    expect(r.findings).toEqual([]);
  });

  it('elasticsearch-noauth: cluster document is critical, 401 is fine, old versions flag scripting RCE', async () => {
    const open = await http({
      '/': [
        200,
        JSON.stringify({
          name: 'n1',
          cluster_name: 'logs',
          version: { number: '1.4.1' },
          tagline: 'You Know, for Search',
        }),
      ],
    });
    const r = ok(await run(esNoauth, open));
    expect(r.evidence).toMatchObject({ auth: 'none', product: 'Elasticsearch', clusterName: 'logs' });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([
      ['', 'critical'],
      ['CVE-2015-1427', 'critical'],
    ]);
    const closed = await http({ '/': [401, '{"error":"security_exception"}'] });
    expect(ok(await run(esNoauth, closed)).findings).toEqual([]);
    const other = await http({ '/': [200, '{"hello":"world"}'] });
    expect((await run(esNoauth, other)).status).toBe('not-applicable');
  });

  it('docker-api-noauth: /version and /info without credentials are critical; 403 is fine', async () => {
    const port = await http({
      '/version': [200, JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64' })],
      '/info': [
        200,
        JSON.stringify({ Containers: 3, Images: 7, Name: 'build-01', OperatingSystem: 'Debian GNU/Linux 12' }),
      ],
    });
    const r = ok(await run(dockerNoauth, port));
    expect(r.evidence).toMatchObject({ version: '24.0.7', containers: 3, images: 7, name: 'build-01' });
    expect(r.findings.map((f) => [f.severity, f.action])).toEqual([['critical', 'close']]);
    const denied = await http({ '/version': [403, '{"message":"authorization denied by plugin"}'] });
    expect(ok(await run(dockerNoauth, denied)).findings).toEqual([]);
  });
});

describe('RDP with NLA required (no Debian server does CredSSP)', () => {
  it('rdp-detect: HYBRID_REQUIRED_BY_SERVER for standard RDP and TLS means nothing to report', async () => {
    const port = await fake((s) => {
      s.once('data', (d) => {
        const requested = d.readUInt32LE(d.length - 4);
        const neg =
          requested & 0x2
            ? Buffer.from('0200080002000000', 'hex') // RDP_NEG_RSP selecting HYBRID
            : Buffer.from('0300080005000000', 'hex'); // RDP_NEG_FAILURE HYBRID_REQUIRED_BY_SERVER
        s.end(Buffer.concat([Buffer.from('030000130ed00000123400', 'hex'), neg]));
      });
    });
    const r = ok(await run(rdpDetect, port));
    expect(r.evidence).toMatchObject({
      selected: 'CredSSP (NLA)',
      nlaRequired: true,
      rdpOnlyAnswer: 'HYBRID_REQUIRED_BY_SERVER',
    });
    expect(r.findings).toEqual([]);
  });
});

describe('hostile peers', () => {
  const checks = [
    sshBanner,
    sshAlgorithms,
    redisNoauth,
    memcachedNoauth,
    vncAuth,
    rdpDetect,
    rtspOptions,
    rtspDescribe,
    esNoauth,
    dockerNoauth,
    mongoNoauth,
  ];

  it('garbage: every check ends with error or not-applicable, never ok with findings', async () => {
    const port = await fake((s) => s.end(Buffer.from('\xff\xfe\x00garbage\r\n'.repeat(4), 'latin1')));
    for (const c of checks) {
      const r = await run(c, port);
      expect(r.status === 'ok' ? r.findings : [], c.id).toEqual([]);
    }
  });

  it('silent, slow (1 byte/s) and closed-at-once peers cost at most the timeout', async () => {
    const silent = await fake(() => undefined);
    const slow = await fake((s) => {
      const t = setInterval(() => s.write('S'), 1000);
      s.on('close', () => {
        clearInterval(t);
      });
    });
    const closing = await fake((s) => s.destroy());
    for (const c of checks) {
      for (const port of [silent, slow, closing]) {
        const started = Date.now();
        const r = await run(c, port, 300);
        expect(r.status === 'ok' ? r.findings : [], c.id).toEqual([]);
        expect(Date.now() - started, c.id).toBeLessThan(2_500);
      }
    }
  }, 60_000);

  it('endless replies hit the byte caps', async () => {
    const endless = await fake((s) => {
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    for (const c of [sshBanner, redisNoauth, memcachedNoauth, rtspOptions, esNoauth, mongoNoauth]) {
      expect((await run(c, endless, 2_000)).status, c.id).toMatch(/error|not-applicable/);
    }
  }, 30_000);

  it('truncated replies of real protocols are errors', async () => {
    const ssh = await fake((s) => s.end('SSH-2.0-OpenSSH_9.2p1\r\n\x00\x00\x01\x00\x07\x14abc'));
    expect((await run(sshAlgorithms, ssh)).status).toBe('error');
    const vnc = await fake((s) => {
      s.write('RFB 003.008\n');
      s.once('data', () => s.end(Buffer.from([3, 1])));
    });
    expect((await run(vncAuth, vnc)).status).toBe('error');
    const redis = await fake((s) => s.once('data', () => s.end('$100\r\nshort')));
    expect((await run(redisNoauth, redis)).status).toBe('error');
  });
});

describe('version and banner judgements on fakes', () => {
  it('ssh-banner: SSH-1 support, a regreSSHion-affected build and old Dropbear are flagged', async () => {
    const old = await fake((s) => s.end('SSH-1.99-OpenSSH_9.1p1 Debian-2+deb12u1\r\n'));
    const r = ok(await run(sshBanner, old));
    expect(r.findings.map((f) => f.key)).toEqual(['ssh1', 'CVE-2024-6387']);
    const dropbear = await fake((s) => s.end('SSH-2.0-dropbear_2015.67\r\n'));
    expect(ok(await run(sshBanner, dropbear)).findings.map((f) => f.key)).toEqual(['CVE-2016-7406']);
    const fixed = await fake((s) => s.end('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n'));
    expect(ok(await run(sshBanner, fixed)).findings).toEqual([]);
  });

  it('vnc-auth: classic VNC Authentication without TLS is medium; RFB 3.3 servers are read', async () => {
    const classic = await fake((s) => {
      s.write('RFB 003.008\n');
      s.once('data', () => s.write(Buffer.from([2, 2, 16])));
    });
    expect(ok(await run(vncAuth, classic)).findings.map((f) => [f.key, f.severity])).toEqual([['weak-auth', 'medium']]);
    const v33 = await fake((s) => {
      s.write('RFB 003.003\n');
      s.once('data', () => s.write(Buffer.from([0, 0, 0, 1])));
    });
    expect(ok(await run(vncAuth, v33)).findings.map((f) => f.key)).toEqual(['no-auth']);
  });

  it('redis-noauth: protected mode is a low finding', async () => {
    const port = await fake((s) =>
      s.once('data', () => s.end('-DENIED Redis is running in protected mode because protected mode is enabled\r\n')),
    );
    expect(ok(await run(redisNoauth, port)).findings.map((f) => [f.key, f.severity])).toEqual([
      ['protected-mode', 'low'],
    ]);
  });

  it('rtsp-options: a Helix server is flagged; rtsp-describe-noauth: Basic-only auth is medium', async () => {
    const helix = await fake((s) =>
      s.once('data', () =>
        s.write(
          'RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Helix Server Version 9.0.2.794\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n',
        ),
      ),
    );
    expect(ok(await run(rtspOptions, helix)).findings.map((f) => f.key)).toEqual(['CVE-2003-0725']);
    const basic = await fake((s) =>
      s.on('data', (d) => {
        const cseq = /CSeq: (\d+)/.exec(d.toString())?.[1] ?? '0';
        s.write(`RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Basic realm="IPCAM"\r\n\r\n`);
      }),
    );
    const r = ok(await run(rtspDescribe, basic));
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['basic-auth', 'medium']]);
    expect(String(r.evidence['protected']).split(' ')).toContain('/live');
  });
});
