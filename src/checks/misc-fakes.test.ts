// The NTP mode 6/7, rsync, kubelet, WinRM and admin-console checks against small fakes on 127.0.0.1: the servers
// the lab cannot run (ntpd with monlist, a kubelet, WinRM, OMI), and hostile peers (garbage, truncated, endless,
// 1 byte per second, silent): none may hang or crash.
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import { dribble, fakeServer, flood, type FakeServer } from '../../test/support/fake-server.js';
import { check as ntpInfo } from './ntp-info.js';
import { check as ntpMonlist } from './ntp-monlist.js';
import { check as rsyncModules } from './rsync-modules.js';
import { check as rsyncNoauth } from './rsync-noauth.js';
import { check as kubelet } from './kubelet-anonymous.js';
import { check as winrmDetect } from './winrm-detect.js';
import { check as winrmAuth } from './winrm-auth-methods.js';
import { check as consoles } from './http-admin-consoles.js';
import { ok } from '../../test/support/check-outcome.js';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function run(check: Check, port: number, transport: 'tcp' | 'udp' = 'tcp', timeoutMs = 500): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport, service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs,
    intrusive: false,
    args: {},
  });
}

async function tcp(handler: Parameters<typeof fakeServer>[0]): Promise<number> {
  const s: FakeServer = await fakeServer(handler);
  closers.push(() => s.close());
  return s.port;
}

/** A UDP fake: `answer` returns the datagrams to send back for each request. */
async function udp(answer: (req: Buffer) => Buffer[]): Promise<number> {
  const s: UdpSocket = createSocket('udp4');
  s.on('message', (msg, from) => {
    for (const d of answer(msg)) s.send(d, from.port, from.address);
  });
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        s.close(() => {
          r();
        });
      }),
  );
  return s.address().port;
}

/** An ntpd 4.2.6-style mode 7 MON_GETLIST_1 answer: `n` info_monitor_1 entries of 72 bytes, 6 per datagram. */
function monlistReply(req: Buffer, n: number): Buffer[] {
  if ((req[0] ?? 0) !== 0x17 || req[3] !== 42) return [];
  const out: Buffer[] = [];
  for (let first = 0; first < n; first += 6) {
    const items = Math.min(6, n - first);
    const d = Buffer.alloc(8 + items * 72);
    d[0] = 0x80 | (first + items < n ? 0x40 : 0) | (2 << 3) | 7;
    d[2] = 3;
    d[3] = 42;
    d.writeUInt16BE(items, 4);
    d.writeUInt16BE(72, 6);
    for (let i = 0; i < items; i++) {
      const o = 8 + i * 72;
      d.writeUInt32BE(5, o + 12);
      Buffer.from([198, 51, 100, first + i + 1]).copy(d, o + 16);
      d.writeUInt16BE(123, o + 28);
      d[30] = 3;
      d[31] = 4;
    }
    out.push(d);
  }
  return out;
}

/** A mode 6 READVAR answer in fragments of `size` bytes, as ntpd 4.2.8 sends it. */
function readvarReply(req: Buffer, text: string, size: number): Buffer[] {
  if (((req[0] ?? 0) & 7) !== 6 || ((req[1] ?? 0) & 0x1f) !== 2) return [];
  const data = Buffer.from(text, 'latin1');
  const out: Buffer[] = [];
  for (let off = 0; off < data.length; off += size) {
    const part = data.subarray(off, off + size);
    const d = Buffer.alloc(12 + part.length + ((4 - (part.length % 4)) % 4));
    d[0] = (2 << 3) | 6;
    d[1] = 0x80 | (off + size < data.length ? 0x20 : 0) | 2;
    req.copy(d, 2, 2, 4);
    d.writeUInt16BE(off, 8);
    d.writeUInt16BE(part.length, 10);
    part.copy(d, 12);
    out.push(d);
  }
  // Out of order, like UDP may deliver them.
  return out.reverse();
}

const VARS =
  'version="ntpd 4.2.8p15@1.3728-o Wed Feb 16 17:13:02 UTC 2022 (1)", processor="x86_64", system="Linux/5.10.0-21-amd64", leap=0, stratum=2, precision=-23, rootdelay=1.2, refid=198.51.100.7';

describe('NTP fakes', () => {
  it('ntp-monlist: a 4.2.6-style monlist is high, with the amplification measured', async () => {
    const port = await udp((req) => monlistReply(req, 40));
    const r = ok(await run(ntpMonlist, port, 'udp'));
    expect(r.evidence).toMatchObject({ mode7: 'answered', error: 'OKAY', clients: 40, datagrams: 7, requestBytes: 48 });
    expect(r.evidence['replyBytes']).toBe(7 * 8 + 40 * 72);
    expect(String(r.evidence['sampleClients'])).toContain('198.51.100.1:123');
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('ntp-monlist: a mode 7 error reply is low; garbage and silence are no finding', async () => {
    const refused = await udp((req) => {
      const d = Buffer.alloc(8);
      d[0] = 0x97;
      d[2] = 3;
      d[3] = req[3] ?? 0;
      d.writeUInt16BE(1 << 12, 4);
      return [d];
    });
    const r = ok(await run(ntpMonlist, refused, 'udp'));
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['mode7:low']);
    const garbage = await udp(() => [Buffer.alloc(300, 0xff), Buffer.from('x')]);
    expect(ok(await run(ntpMonlist, garbage, 'udp', 200)).findings).toEqual([]);
    const silent = await udp(() => []);
    expect(ok(await run(ntpMonlist, silent, 'udp', 200)).evidence).toEqual({ mode7: 'no answer' });
  });

  it('ntp-info: reassembles fragmented READVAR replies and flags mode 6', async () => {
    const port = await udp((req) => readvarReply(req, VARS, 48));
    const r = ok(await run(ntpInfo, port, 'udp'));
    expect(r.evidence).toMatchObject({
      mode6: 'answered',
      system: 'Linux/5.10.0-21-amd64',
    });
    expect(String(r.evidence['daemon'])).toContain('ntpd 4.2.8p15');
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['mode6:medium']);
    expect(r.service).toMatchObject({ product: 'ntpd', version: '4.2.8p15' });
  });

  it('ntp-info: a missing fragment is no mode 6 answer with variables; silence is not applicable', async () => {
    const port = await udp((req) => readvarReply(req, VARS, 48).slice(1));
    const r = ok(await run(ntpInfo, port, 'udp', 300));
    expect(r.evidence['daemon']).toBeNull();
    const silent = await udp(() => []);
    expect((await run(ntpInfo, silent, 'udp', 150)).status).toBe('not-applicable');
  });
});

describe('rsync fakes', () => {
  it('reads an rsync 3.0 (protocol 30) listing that ends by closing, and an AUTHREQD module', async () => {
    const port = await tcp((s) => {
      s.write('@RSYNCD: 30.0\n');
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (!/\n.*\n/s.test(buf)) return;
        const module = buf.split('\n')[1] ?? '';
        if (module === '') s.end('Welcome\nsrc            \tSources\n');
        else s.end('@RSYNCD: AUTHREQD abcdef\n');
      });
    });
    const list = ok(await run(rsyncModules, port));
    expect(list.evidence).toMatchObject({ protocol: '30.0', release: '3.0.x', modules: 'src', motd: 'Welcome' });
    const auth = ok(await run(rsyncNoauth, port));
    expect(auth.evidence).toMatchObject({ protected: 'src' });
    expect(auth.findings).toEqual([]);
  });

  it('survives garbage, an endless list, a slow greeting and silence', async () => {
    const garbage = await tcp((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'));
    expect((await run(rsyncModules, garbage)).status).toBe('not-applicable');
    const endless = await tcp((s) => {
      s.write('@RSYNCD: 31.0\n');
      flood(s, 'mod\tcomment\n');
    });
    expect(['ok', 'error']).toContain((await run(rsyncModules, endless)).status);
    const slow = await tcp((s) => {
      dribble(s, '@RSYNCD: 31.0\n', 1000);
    });
    expect((await run(rsyncModules, slow, 'tcp', 300)).status).toBe('error');
    const silent = await tcp(() => undefined);
    expect((await run(rsyncNoauth, silent, 'tcp', 200)).status).toBe('error');
  });
});

let cert: { key: Buffer; cert: Buffer } | null = null;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-kubelet-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=node-1',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
});

async function https(status: number, body: string): Promise<number> {
  const server: HttpsServer = createHttpsServer({ ...(cert ?? {}) }, (req, res) => {
    res.writeHead(req.url === '/pods' ? status : 404, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      }),
  );
  const a = server.address();
  return typeof a === 'object' && a !== null ? a.port : 0;
}

describe('kubelet fakes (HTTPS, self-signed)', () => {
  const podList = JSON.stringify({
    kind: 'PodList',
    apiVersion: 'v1',
    items: [
      { metadata: { name: 'coredns-5d78c9869d-x', namespace: 'kube-system' } },
      { metadata: { name: 'web-0', namespace: 'shop' } },
    ],
  });
  it('200 with a PodList is critical, 401 is fine, 403 is low', async () => {
    const open = ok(
      await kubelet.run({
        target: { host: '127.0.0.1', port: await https(200, podList), transport: 'tcp', service: null },
        signal: AbortSignal.timeout(5000),
        timeoutMs: 2000,
        intrusive: false,
        args: {},
      }),
    );
    expect(open.evidence).toMatchObject({
      status: 200,
      pods: 2,
      sample: 'kube-system/coredns-5d78c9869d-x, shop/web-0',
      tls: true,
    });
    expect(open.findings.map((f) => f.severity)).toEqual(['critical']);
    const closed = ok(await run(kubelet, await https(401, 'Unauthorized'), 'tcp', 2000));
    expect(closed.findings).toEqual([]);
    const forbidden = ok(
      await run(
        kubelet,
        await https(403, 'Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)'),
        'tcp',
        2000,
      ),
    );
    expect(forbidden.findings.map((f) => f.severity)).toEqual(['low']);
  });

  it('a non-TLS or silent peer is an error, not a hang', async () => {
    const plain = await tcp((s) => s.end('HTTP/1.1 200 OK\r\n\r\n'));
    expect((await run(kubelet, plain, 'tcp', 300)).status).toBe('error');
    const silent = await tcp(() => undefined);
    expect((await run(kubelet, silent, 'tcp', 200)).status).toBe('error');
  });
});

/** A WS-Management fake: Identify answered per `identify`, other POSTs with a 401 offering `auth`. */
function wsman(server: string, auth: string[], identify: string | null): Promise<number> {
  return tcp((s) => {
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf)?.[1] ?? '0');
      if (buf.length < head + 4 + len) return;
      const body = /WSMANIDENTIFY/i.test(buf) && identify !== null ? identify : '';
      const status = body === '' ? '401 Unauthorized' : '200 OK';
      s.end(
        `HTTP/1.1 ${status}\r\nServer: ${server}\r\n${auth.map((a) => `WWW-Authenticate: ${a}\r\n`).join('')}Content-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  });
}

const IDENTIFY_WINDOWS =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><wsmid:IdentifyResponse><wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion><wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor><wsmid:ProductVersion>OS: 10.0.17763 SP: 0.0 Stack: 3.0</wsmid:ProductVersion></wsmid:IdentifyResponse></s:Body></s:Envelope>';

describe('WinRM fakes (WS-Management, DSP0226)', () => {
  it('Windows: identity read, Negotiate/Kerberos only is no finding', async () => {
    const port = await wsman('Microsoft-HTTPAPI/2.0', ['Negotiate', 'Kerberos'], IDENTIFY_WINDOWS);
    const d = ok(await run(winrmDetect, port));
    expect(d.evidence).toMatchObject({
      vendor: 'Microsoft Corporation',
      osVersion: '10.0.17763',
      stackVersion: '3.0',
      authSchemes: 'Negotiate, Kerberos',
    });
    expect(d.findings).toEqual([]);
    expect(ok(await run(winrmAuth, port)).findings).toEqual([]);
  });

  it('Basic over plain HTTP is high, CredSSP medium', async () => {
    const port = await wsman('Microsoft-HTTPAPI/2.0', ['Basic realm="WSMAN"', 'Negotiate', 'CredSSP'], null);
    const r = ok(await run(winrmAuth, port));
    expect(r.findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['basic:high', 'credssp:medium']);
  });

  it('an old OMI is OMIGOD (critical); a web server that is not WS-Management is not applicable', async () => {
    const omi = await wsman('OMI-1.6.6-0', ['Basic realm="WSMAN"', 'Negotiate'], null);
    expect(ok(await run(winrmDetect, omi)).findings.map((f) => `${f.key}:${f.severity}`)).toEqual(['omigod:critical']);
    const web = await tcp((s) => s.end('HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n'));
    expect((await run(winrmDetect, web)).status).toBe('not-applicable');
    expect((await run(winrmAuth, web)).status).toBe('not-applicable');
  });

  it('slow, endless and garbage peers end as errors or not applicable', async () => {
    const slow = await tcp((s) => {
      dribble(s, 'HTTP/1.1 401 Unauthorized\r\n', 1000);
    });
    expect((await run(winrmAuth, slow, 'tcp', 300)).status).toBe('error');
    const endless = await tcp((s) => {
      s.write('HTTP/1.1 200 OK\r\n\r\n');
      flood(s, 'A');
    });
    expect(['ok', 'not-applicable', 'error']).toContain((await run(winrmDetect, endless)).status);
    const garbage = await tcp((s) => s.end(Buffer.alloc(64, 0x00)));
    expect((await run(winrmAuth, garbage)).status).toBe('not-applicable');
  });
});

describe('http-admin-consoles fakes', () => {
  it('a server answering 200 to every path raises nothing; a Jenkins script console is critical', async () => {
    const any = await tcp((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')));
    expect(ok(await run(consoles, any)).findings).toEqual([]);
    const jenkins = await tcp((s) =>
      s.once('data', (d) => {
        const body = /^GET \/script /.test(d.toString('latin1'))
          ? '<title>Jenkins</title><h1>Script Console</h1>'
          : 'nope';
        s.end(
          `HTTP/1.1 ${body === 'nope' ? '404 Not Found' : '200 OK'}\r\nX-Jenkins: 2.426.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      }),
    );
    expect(ok(await run(consoles, jenkins)).findings.map((f) => `${f.key}:${f.severity}`)).toEqual([
      'jenkins-script:critical',
    ]);
  });
});
