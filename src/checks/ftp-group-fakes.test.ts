// The FTP, Telnet, Finger, Ident, NNTP and backdoor checks against hostile local fakes on 127.0.0.1: malformed,
// truncated, oversized, slow, endless and silent peers end in an `error` (or a bounded `ok`), never a hang or a crash.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { dribble, fakeServer, flood, type FakeServer } from '../../test/support/fake-server.js';
import { check as ftpAnon } from './ftp-anon.js';
import { check as ftpBanner } from './ftp-banner.js';
import { check as ftpCleartext } from './ftp-cleartext-login.js';
import { check as ftpPasv } from './ftp-pasv-third-host.js';
import { check as ftpData } from './ftp-data-listener.js';
import { check as telnetDetect } from './telnet-detect.js';
import { check as telnetBanner } from './telnet-banner.js';
import { check as fingerUsers } from './finger-users.js';
import { check as fingerForwarding } from './finger-forwarding.js';
import { check as identOwner } from './ident-owner.js';
import { check as nntpBanner } from './nntp-banner.js';
import { check as nntpPosting } from './nntp-posting.js';
import { check as backdoor, KB_TROJAN_PORTS } from './backdoor-banner.js';
import { loadEntrySources } from '../knowledge/sources.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (s: Socket) => void): Promise<number> {
  const s = await fakeServer(handler);
  servers.push(s);
  return s.port;
}

function run(check: Check, port: number, extra: Partial<CheckContext> = {}): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 400,
    intrusive: false,
    args: {},
    ...extra,
  });
}

/** A scripted FTP server: answers each command line from `replies` (by verb), with a passive listener of its own. */
function ftpFake(replies: Record<string, string>, onData?: (s: Socket) => void): (s: Socket) => void {
  return (socket) => {
    socket.write('220 fake ftpd ready\r\n');
    let data: Server | null = null;
    let buffered = '';
    socket.on('close', () => data?.close());
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        const line = buffered.slice(0, i).trim();
        buffered = buffered.slice(i + 1);
        const verb = line.split(' ')[0]?.toUpperCase() ?? '';
        if (verb === 'PASV' && replies['PASV'] === undefined) {
          const server = createServer((d) => {
            d.on('error', () => undefined);
            if (onData !== undefined) onData(d);
            else d.end('-rw-r--r-- 1 0 0 5 Jan 1 2026 secret.txt\r\n');
          });
          data = server;
          server.listen(0, '127.0.0.1', () => {
            const a = server.address();
            const port = a !== null && typeof a !== 'string' ? a.port : 0;
            // A third host in the reply: the client must use 127.0.0.1 anyway.
            socket.write(`227 Entering Passive Mode (203,0,113,77,${port >> 8},${port & 255})\r\n`);
          });
          continue;
        }
        if (verb === 'LIST' || verb === 'NLST') {
          socket.write('150 Here it comes\r\n');
          setTimeout(() => socket.write('226 Done\r\n'), 50);
          continue;
        }
        socket.write(replies[verb] ?? '502 Not implemented\r\n');
      }
    });
  };
}

const ANON = {
  USER: '331 Password please\r\n',
  PASS: '230 Welcome\r\n',
  PWD: '257 "/" is cwd\r\n',
  SYST: '215 UNIX Type: L8\r\n',
  FEAT: '211-Features:\r\n PASV\r\n211 End\r\n',
};

describe('FTP checks against fakes', () => {
  it('list over the control host even when PASV names a third host, and report that host', async () => {
    const port = await serve(ftpFake(ANON));
    const anon = await run(ftpAnon, port);
    expect(anon).toMatchObject({ status: 'ok', evidence: { anonymous: true, listing: 'secret.txt' } });
    const pasv = await run(ftpPasv, port);
    expect(pasv).toMatchObject({ status: 'ok', evidence: { pasvHost: '203.0.113.77', connectedTo: '127.0.0.1' } });
    expect(pasv.status === 'ok' ? pasv.findings[0]?.severity : null).toBe('medium');
    expect(await run(ftpCleartext, port)).toMatchObject({
      status: 'ok',
      evidence: { authTls: false, passwordAskedInClear: true },
    });
    expect(await run(ftpBanner, port)).toMatchObject({
      status: 'ok',
      evidence: { syst: 'UNIX Type: L8', product: 'unknown', os: 'UNIX' },
    });
  });

  it('cut an endless listing at the cap and still finish', async () => {
    const port = await serve(
      ftpFake(ANON, (d) => {
        flood(d, 'drwxr-xr-x 2 0 0 4096 Jan 1 2026 dir\r\n');
      }),
    );
    const r = await run(ftpAnon, port);
    expect(r).toMatchObject({ status: 'ok', evidence: { truncated: true } });
  });

  it('an intrusive run that cannot store reports no writable directory', async () => {
    const port = await serve(ftpFake({ ...ANON, TYPE: '200 ok\r\n', STOR: '553 No\r\n' }));
    const r = await run(ftpAnon, port, { intrusive: true });
    expect(r).toMatchObject({ status: 'ok', evidence: { writeTested: true, writable: '' } });
  });

  const hostile: [string, (s: Socket) => void][] = [
    ['not FTP', (s) => s.write('SSH-2.0-OpenSSH_9.2\r\n')],
    ['truncated multi-line greeting', (s) => s.end('220-Welcome\r\n more')],
    [
      'endless multi-line greeting',
      (s) => {
        flood(s, '220-spam spam spam\r\n');
      },
    ],
    [
      'slow greeting, 1 byte per 100 ms',
      (s) => {
        dribble(s, '220 slow ready\r\n', 100);
      },
    ],
    ['silent', () => undefined],
    ['binary noise', (s) => s.write(Buffer.from([0, 255, 1, 254, 13, 10]))],
  ];
  for (const [name, handler] of hostile) {
    it(`every FTP check ends in an error on a ${name} server`, async () => {
      const port = await serve(handler);
      for (const c of [ftpAnon, ftpBanner, ftpCleartext, ftpPasv]) {
        const started = Date.now();
        const r = await run(c, port);
        expect(r.status, `${c.id}: ${JSON.stringify(r)}`).toBe('error');
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    });
  }

  it('ftp-data-listener reports a silent listener and survives a flood', async () => {
    const silent = await serve(() => undefined);
    expect(await run(ftpData, silent)).toMatchObject({ status: 'ok', evidence: { banner: '', ftpGreeting: false } });
    // A flood passes the connection's byte cap: an error, quickly.
    const loud = await serve((s) => {
      flood(s, 'x');
    });
    expect(['ok', 'error']).toContain((await run(ftpData, loud)).status);
  });
});

describe('Telnet checks against fakes', () => {
  it('refuse options and read a fake login prompt', async () => {
    const port = await serve((s) => {
      s.write(Buffer.from([255, 253, 24, 255, 251, 1]));
      s.once('data', (d: Buffer) => {
        expect(Array.from(d)).toEqual([255, 252, 24, 255, 254, 1]);
        s.write('Ubuntu 22.04.4 LTS\r\nrouter login: ');
      });
    });
    expect(await run(telnetBanner, port)).toMatchObject({
      status: 'ok',
      evidence: { os: 'Ubuntu 22.04.4 LTS', hostname: 'router' },
    });
  });

  it('end on an endless IAC flood, a 1 byte/s peer and a reset', async () => {
    const floodPort = await serve((s) => {
      flood(s, '\xff\xfd\x18');
    });
    const r = await run(telnetDetect, floodPort);
    expect(['ok', 'error']).toContain(r.status);
    const slow = await serve((s) => {
      dribble(s, '\xff\xfd\x18login: ', 1000);
    });
    const started = Date.now();
    expect(['ok', 'error']).toContain((await run(telnetDetect, slow)).status);
    expect(Date.now() - started).toBeLessThan(3_000);
    const reset = await serve((s) => s.resetAndDestroy());
    expect(['ok', 'error']).toContain((await run(telnetBanner, reset)).status);
  });
});

describe('finger, ident, NNTP and backdoor checks against fakes', () => {
  it('finger-users: a listing, an endless reply and silence', async () => {
    const list = await serve((s) => s.once('data', () => s.end('Login  Name  Tty\r\nalice  Alice  pts/1\r\n')));
    expect(await run(fingerUsers, list)).toMatchObject({ status: 'ok', evidence: { users: 'alice' } });
    const endless = await serve((s) => {
      flood(s, 'bob  Bob  pts/2\r\n');
    });
    expect(await run(fingerUsers, endless)).toMatchObject({ status: 'ok', evidence: { truncated: true } });
    const silent = await serve(() => undefined);
    expect(await run(fingerUsers, silent)).toMatchObject({ status: 'error' });
  });

  it('finger-forwarding: a silent close and a refusal are no forwarding; a reply is', async () => {
    const closes = await serve((s) => s.once('data', () => s.end()));
    expect(await run(fingerForwarding, closes, { intrusive: true })).toMatchObject({
      status: 'ok',
      evidence: { forwarded: false },
    });
    const refuses = await serve((s) => s.once('data', () => s.end('Finger forwarding service denied\r\n')));
    expect(await run(fingerForwarding, refuses, { intrusive: true })).toMatchObject({
      status: 'ok',
      evidence: { forwarded: false },
    });
    const forwards = await serve((s) => s.once('data', () => s.end('[127.0.0.1]\r\nNo one logged on.\r\n')));
    expect(await run(fingerForwarding, forwards, { intrusive: true })).toMatchObject({
      status: 'ok',
      evidence: { forwarded: true },
    });
    const silent = await serve(() => undefined);
    expect(await run(fingerForwarding, silent, { intrusive: true })).toMatchObject({ status: 'error' });
  });

  it('ident-owner: a malformed reply, an endless line, and a user id', async () => {
    const held = await serve(() => undefined);
    const args = { 'ident.port': String(held) };
    const bad = await serve((s) => s.once('data', () => s.end('SSH-2.0-x\r\n')));
    expect(await run(identOwner, bad, { args })).toMatchObject({ status: 'error' });
    const endless = await serve((s) => {
      flood(s, 'a');
    });
    expect(await run(identOwner, endless, { args })).toMatchObject({ status: 'error' });
    const good = await serve((s) =>
      s.once('data', (d: Buffer) => {
        const [a = '', b = ''] = d.toString().split(',');
        s.end(`${a.trim()} , ${b.trim()} : USERID : UNIX : root\r\n`);
      }),
    );
    const r = await run(identOwner, good, { args });
    expect(r).toMatchObject({ status: 'ok', evidence: { userId: 'root' } });
    expect(r.status === 'ok' ? r.findings[0]?.detail.en : '').toMatch(/superuser/);
  });

  it('NNTP checks: an unterminated CAPABILITIES block, a non-NNTP greeting, and an RFC 977 server', async () => {
    const endless = await serve((s) => {
      s.write('200 news ready\r\n');
      s.once('data', () => {
        s.write('101 Capability list:\r\n');
        flood(s, 'X-SPAM\r\n');
      });
    });
    expect(await run(nntpBanner, endless)).toMatchObject({ status: 'error' });
    const http = await serve((s) => s.end('HTTP/1.0 400 Bad Request\r\n'));
    expect(await run(nntpPosting, http)).toMatchObject({ status: 'error' });
    const old = await serve((s) => {
      s.write('200 old news server ready, posting ok\r\n');
      s.on('data', () => s.write('500 What?\r\n'));
    });
    const r = await run(nntpPosting, old);
    expect(r).toMatchObject({ status: 'ok', evidence: { posting: true } });
  });

  it('backdoor-banner: a Windows prompt is critical; a flood and a slow peer end cleanly', async () => {
    const cmd = await serve((s) =>
      s.write(
        'Microsoft Windows [Version 5.0.2195]\r\n(C) Copyright 1985-2000 Microsoft Corp.\r\n\r\nC:\\WINNT\\system32>',
      ),
    );
    const r = await run(backdoor, cmd);
    expect(r).toMatchObject({ status: 'ok', evidence: { shell: 'windows-cmd' } });
    expect(r.status === 'ok' ? r.findings[0]?.severity : null).toBe('critical');
    const floodPort = await serve((s) => {
      flood(s, 'A');
    });
    expect(await run(backdoor, floodPort)).toMatchObject({ status: 'ok', evidence: { shell: null } });
    const slow = await serve((s) => {
      dribble(s, 'hello', 1000);
    });
    expect(await run(backdoor, slow)).toMatchObject({ status: 'ok' });
    const prompt = await serve((s) => s.once('data', () => s.write('# ')));
    expect(await run(backdoor, prompt)).toMatchObject({ status: 'ok', evidence: { shell: 'unix-root-prompt' } });
  });

  it('backdoor-banner leaves ports identified as another service to that service', async () => {
    const r = await backdoor.run({
      target: {
        host: '127.0.0.1',
        port: 21,
        transport: 'tcp',
        service: { service: 'ftp', tls: false, method: 'banner', confidence: 10 },
      },
      signal: AbortSignal.timeout(1_000),
      timeoutMs: 400,
      intrusive: false,
      args: {},
    });
    expect(r.status).toBe('not-applicable');
  });
});

describe('backdoor-banner ports', () => {
  it('cover every TCP port whose knowledge-base entry names a trojan or backdoor from the reference', () => {
    const kb = loadEntrySources()
      .filter(
        (e) =>
          e.transports.includes('tcp') &&
          e.malware.some((m) => (m.kind === 'trojan' || m.kind === 'backdoor') && m.fromReference),
      )
      .map((e) => e.port)
      .sort((a, b) => a - b);
    expect([...KB_TROJAN_PORTS]).toEqual(kb);
    for (const p of kb) expect(backdoor.applies.ports).toContain(p);
  });
});
