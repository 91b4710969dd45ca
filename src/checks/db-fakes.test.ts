// The database, directory and etcd checks against small local fakes on 127.0.0.1: SQL Server and Oracle listeners
// built from MS-TDS and the TNS packet layout (the lab cannot run them), MySQL 8's caching_sha2_password and an
// auth switch, a CLDAP reflector over UDP, and hostile peers (garbage, truncated, endless, 1 byte per second,
// silent) for every TCP check: none may hang or crash.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import { dribble, fakeServer, flood, type FakeServer } from '../../test/support/fake-server.js';
import { hexFixture } from '../../test/support/fixture.js';
import { encodePacket as mysqlPacket } from '../protocols/mysql/codec.js';
import { check as mysqlBanner } from './mysql-banner.js';
import { check as mysqlEmpty } from './mysql-empty-password.js';
import { check as pgDetect } from './postgresql-detect.js';
import { check as pgNoauth } from './postgresql-noauth.js';
import { check as mssqlPrelogin } from './mssql-prelogin.js';
import { check as mssqlEmptySa } from './mssql-empty-sa.js';
import { check as tnsVersion } from './oracle-tns-version.js';
import { check as sidGuess } from './oracle-sid-guess.js';
import { check as ldapRootDse } from './ldap-rootdse.js';
import { check as ldapBind } from './ldap-anonymous-bind.js';
import { check as ldapSearch } from './ldap-anonymous-search.js';
import { check as cldap } from './cldap-amplification.js';
import { check as etcdVersion } from './etcd-version.js';
import { check as etcdNoauth } from './etcd-noauth.js';
import { ok } from '../../test/support/check-outcome.js';

const servers: FakeServer[] = [];
const udp: UdpSocket[] = [];
afterEach(async () => {
  for (const s of udp.splice(0)) s.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(handler: (socket: Socket) => void): Promise<number> {
  const server = await fakeServer(handler);
  servers.push(server);
  return server.port;
}

function run(
  check: Check,
  port: number,
  options: { intrusive?: boolean; timeoutMs?: number; transport?: 'tcp' | 'udp'; args?: Record<string, string> } = {},
): Promise<CheckOutcome> {
  return check.run({
    target: { host: '127.0.0.1', port, transport: options.transport ?? 'tcp', service: null },
    signal: AbortSignal.timeout(10_000),
    timeoutMs: options.timeoutMs ?? 500,
    intrusive: options.intrusive ?? false,
    args: options.args ?? {},
  });
}

/** Answer each request (one `data` event) with the next reply; then stay silent. */
function script(...replies: Uint8Array[]): (s: Socket) => void {
  return (s) => {
    let i = 0;
    s.on('data', () => {
      const r = replies[i++];
      if (r !== undefined) s.write(r);
    });
  };
}

// --- SQL Server ---------------------------------------------------------------------------------------------------

function tds(type: number, payload: Uint8Array): Buffer {
  const head = Buffer.from([type, 0x01, 0, 0, 0, 0, 1, 0]);
  head.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([head, payload]);
}

/** A PRELOGIN answer: VERSION 15.0.2000.5, ENCRYPTION `enc`, INSTOPT "", THREADID, MARS off. */
function preloginReply(enc: number): Buffer {
  const table = Buffer.from([
    0x00, 0, 26, 0, 6, 0x01, 0, 32, 0, 1, 0x02, 0, 33, 0, 1, 0x03, 0, 34, 0, 0, 0x04, 0, 34, 0, 1, 0xff,
  ]);
  return tds(4, Buffer.concat([table, Buffer.from([15, 0, 0x07, 0xd0, 0, 5, enc, 0, 0])]));
}

function ucs2Token(type: number, fill: (b: Buffer) => void, len: number): Buffer {
  const b = Buffer.alloc(3 + len);
  b[0] = type;
  b.writeUInt16LE(len, 1);
  fill(b.subarray(3));
  return b;
}

const loginAck = ucs2Token(
  0xad,
  (b) => {
    b[0] = 1;
    b.writeUInt32BE(0x74000004, 1);
    b[5] = 20;
    b.write('Microsoft SQL Server', 6, 'utf16le');
    Buffer.from([15, 0, 0x07, 0xd0]).copy(b, 46);
  },
  50,
);
const done = Buffer.from([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const loginFailedText = "Login failed for user 'sa'.";
const loginFailed = ucs2Token(
  0xaa,
  (b) => {
    b.writeUInt32LE(18456, 0);
    b[4] = 1;
    b[5] = 14;
    b.writeUInt16LE(loginFailedText.length, 6);
    b.write(loginFailedText, 8, 'utf16le');
    // server name, procedure name (empty), line number
  },
  8 + loginFailedText.length * 2 + 1 + 1 + 4,
);

describe('SQL Server checks on MS-TDS fakes', () => {
  it('mssql-prelogin: reads SQL Server 2019 and flags a server that cannot encrypt', async () => {
    const port = await fake(script(preloginReply(2)));
    const r = ok(await run(mssqlPrelogin, port));
    expect(r.evidence).toMatchObject({
      version: '15.0.2000',
      subbuild: 5,
      release: 'SQL Server 2019',
      encryption: 'not-supported',
    });
    expect(r.findings.map((f) => f.key)).toEqual(['no-encryption']);
    const on = ok(await run(mssqlPrelogin, await fake(script(preloginReply(0)))));
    expect(on.evidence['encryption']).toBe('off');
    expect(on.findings).toEqual([]);
  });

  it('mssql-empty-sa: LOGINACK is critical, error 18456 is a refusal, TLS-only servers are not tried', async () => {
    expect((await run(mssqlEmptySa, 1)).status).toBe('not-applicable');
    const accepted = ok(
      await run(mssqlEmptySa, await fake(script(preloginReply(2), tds(4, Buffer.concat([loginAck, done])))), {
        intrusive: true,
      }),
    );
    expect(accepted.evidence).toMatchObject({
      login: 'accepted',
      program: 'Microsoft SQL Server',
      version: '15.0.2000',
    });
    expect(accepted.findings[0]?.severity).toBe('critical');
    const refused = ok(
      await run(mssqlEmptySa, await fake(script(preloginReply(2), tds(4, Buffer.concat([loginFailed, done])))), {
        intrusive: true,
      }),
    );
    expect(refused.evidence).toMatchObject({ login: 'refused', errorNumber: 18456, error: loginFailedText });
    expect(refused.findings).toEqual([]);
    const tlsOnly = await run(mssqlEmptySa, await fake(script(preloginReply(3))), { intrusive: true });
    expect(tlsOnly.status).toBe('not-applicable');
  });
});

// --- Oracle TNS ---------------------------------------------------------------------------------------------------

function refuse(data: string): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(12 + data.length, 0);
  b[4] = 4;
  b[8] = 0x22;
  b.writeUInt16BE(data.length, 10);
  return Buffer.concat([b, Buffer.from(data, 'latin1')]);
}

function accept(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt16BE(32, 0);
  b[4] = 2;
  b.writeUInt16BE(314, 8);
  b.writeUInt16BE(8192, 12);
  b.writeUInt16BE(0, 18);
  b.writeUInt16BE(32, 20);
  return b;
}

function dataPacket(text: string): Buffer {
  const b = Buffer.alloc(10);
  b.writeUInt16BE(10 + text.length, 0);
  b[4] = 6;
  return Buffer.concat([b, Buffer.from(text, 'latin1')]);
}

describe('Oracle TNS checks on fakes', () => {
  it('oracle-tns-version: decodes VSNNUM from a refusal and reads the banner of an obedient listener', async () => {
    const refused = ok(
      await run(
        tnsVersion,
        await fake(
          script(refuse('(DESCRIPTION=(TMP=)(VSNNUM=318767104)(ERR=1189)(ERROR_STACK=(ERROR=(CODE=1189)(EMFI=4))))')),
        ),
      ),
    );
    expect(refused.evidence).toMatchObject({
      answer: 'refuse',
      version: '19.0.0.0.0',
      vsnnum: '318767104',
      error: '1189',
    });
    expect(refused.findings).toEqual([]);
    const banner = 'TNSLSNR for Linux: Version 9.2.0.1.0 - Production\n\tTNS for Linux: Version 9.2.0.1.0';
    const open = ok(
      await run(
        tnsVersion,
        await fake((s) => s.once('data', () => s.write(Buffer.concat([accept(), dataPacket(banner)])))),
      ),
    );
    expect(open.evidence).toMatchObject({ answer: 'accept', version: '9.2.0.1.0', platform: 'Linux' });
    expect(open.findings.map((f) => f.key)).toEqual(['remote-commands']);
  });

  it('oracle-sid-guess: finds the one SID the listener knows, and asks nothing unless intrusive', async () => {
    expect((await run(sidGuess, 1)).status).toBe('not-applicable');
    const port = await fake((s) =>
      s.once('data', (d) => {
        const known = d.toString('latin1').includes('(SID=XE)');
        s.write(
          known
            ? accept()
            : refuse('(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=12505)(ERROR_STACK=(ERROR=(CODE=12505)(EMFI=4))))'),
        );
      }),
    );
    const r = ok(await run(sidGuess, port, { intrusive: true, args: { 'oracle.sids': 'ORCL,XE,PROD' } }));
    expect(r.evidence).toMatchObject({ tried: 'ORCL,XE,PROD', found: 'XE' });
    expect(r.findings[0]?.severity).toBe('medium');
  });
});

// --- MySQL 8 --------------------------------------------------------------------------------------------------------

function mysql8Greeting(plugin: string): Buffer {
  const caps = 0xffffffff & ~0x800; // everything but CLIENT_SSL
  const p = Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from('8.0.36\0', 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from('abcdefgh\0', 'latin1'),
    Buffer.from([caps & 0xff, (caps >> 8) & 0xff, 0xff, 2, 0, (caps >>> 16) & 0xff, (caps >>> 24) & 0xff, 21]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0', 'latin1'),
    Buffer.from(`${plugin}\0`, 'latin1'),
  ]);
  return Buffer.from(mysqlPacket(0, p));
}

const mysqlOk = (seq: number): Buffer => Buffer.from(mysqlPacket(seq, Uint8Array.of(0, 0, 0, 2, 0, 0, 0)));

describe('MySQL checks on MySQL 8 fakes', () => {
  it('caching_sha2_password fast auth (0x01 0x03 then OK) is an accepted empty password', async () => {
    const port = await fake((s) => {
      s.write(mysql8Greeting('caching_sha2_password'));
      s.once('data', () => s.write(Buffer.concat([Buffer.from(mysqlPacket(2, Uint8Array.of(1, 3))), mysqlOk(3)])));
    });
    const r = ok(await run(mysqlEmpty, port, { intrusive: true }));
    expect(r.evidence).toMatchObject({
      login: 'accepted',
      product: 'MySQL',
      version: '8.0.36',
      authPlugin: 'caching_sha2_password',
    });
    const banner = ok(await run(mysqlBanner, port));
    expect(banner.findings.map((f) => f.key)).toEqual(['no-tls']);
  });

  it('an auth switch is answered with an empty response; full authentication needed is no finding', async () => {
    const switched = await fake((s) => {
      s.write(mysql8Greeting('caching_sha2_password'));
      let n = 0;
      s.on('data', () => {
        n += 1;
        s.write(
          n === 1
            ? Buffer.from(mysqlPacket(2, Buffer.from('\xfemysql_native_password\0abcdefghijklmnopqrst\0', 'latin1')))
            : mysqlOk(4),
        );
      });
    });
    expect(ok(await run(mysqlEmpty, switched, { intrusive: true })).evidence['login']).toBe('accepted');
    const full = await fake((s) => {
      s.write(mysql8Greeting('caching_sha2_password'));
      s.once('data', () => s.write(Buffer.from(mysqlPacket(2, Uint8Array.of(1, 4)))));
    });
    const r = ok(await run(mysqlEmpty, full, { intrusive: true }));
    expect(r.evidence['login']).toBe('full-auth-required');
    expect(r.findings).toEqual([]);
  });

  it('captured MariaDB replies replayed: login OK and access denied', async () => {
    const greeting = hexFixture('mysql', 'mariadb-10.11-greeting');
    const yes = await fake((s) => {
      s.write(greeting);
      s.once('data', () => s.write(hexFixture('mysql', 'mariadb-10.11-login-ok')));
    });
    expect(ok(await run(mysqlEmpty, yes, { intrusive: true })).findings).toHaveLength(1);
    const no = await fake((s) => {
      s.write(greeting);
      s.once('data', () => s.write(hexFixture('mysql', 'mariadb-10.11-login-denied')));
    });
    expect(ok(await run(mysqlEmpty, no, { intrusive: true })).evidence).toMatchObject({
      login: 'refused',
      errorCode: 1045,
    });
  });
});

// --- CLDAP ----------------------------------------------------------------------------------------------------------

async function udpFake(reply: (request: Buffer) => Buffer | null): Promise<number> {
  const socket = createSocket('udp4');
  udp.push(socket);
  socket.on('message', (msg, rinfo) => {
    const r = reply(msg);
    if (r !== null) socket.send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

describe('cldap-amplification on UDP fakes', () => {
  const entry = hexFixture('ldap', 'slapd-2.5-rootdse');

  it('flags a large answer, not a small one', async () => {
    const big = Buffer.concat(Array.from({ length: 12 }, () => entry));
    const r = ok(await run(cldap, await udpFake(() => big), { transport: 'udp' }));
    expect(r.evidence).toMatchObject({ replyBytes: big.length, firstMessage: 'entry' });
    expect(Number(r.evidence['ratio'])).toBeGreaterThan(10);
    expect(r.findings[0]?.action).toBe('restrict');
    const small = ok(
      await run(cldap, await udpFake(() => hexFixture('ldap', 'slapd-2.5-rootdse-authc-required')), {
        transport: 'udp',
      }),
    );
    expect(small.findings).toEqual([]);
  });

  it('silence and garbage are not CLDAP', async () => {
    expect((await run(cldap, await udpFake(() => null), { transport: 'udp', timeoutMs: 100 })).status).toBe(
      'not-applicable',
    );
    expect(
      (await run(cldap, await udpFake(() => Buffer.from('0\x05hello', 'latin1')), { transport: 'udp' })).status,
    ).toBe('not-applicable');
  });
});

// --- Hostile peers --------------------------------------------------------------------------------------------------

const TCP_CHECKS: readonly Check[] = [
  mysqlBanner,
  mysqlEmpty,
  pgDetect,
  pgNoauth,
  mssqlPrelogin,
  mssqlEmptySa,
  tnsVersion,
  sidGuess,
  ldapRootDse,
  ldapBind,
  ldapSearch,
  etcdVersion,
  etcdNoauth,
];

const HOSTILE: Record<string, (s: Socket) => void> = {
  garbage: (s) => {
    s.write('SSH-2.0-nothing-to-see\r\n');
    s.on('data', () => s.write('\x00\x01garbage\xff\xff\xff\xff'));
  },
  truncated: (s) => {
    // A MySQL greeting header promising 100 bytes, then 3, then close; the same bytes to anything sent.
    const half = Buffer.from([0x64, 0, 0, 0, 0x0a, 0x35, 0x2e]);
    s.write(half);
    s.on('data', () => s.end(Buffer.from([0x30, 0x84, 0x00, 0x00, 0x10, 0x00, 0x02])));
    setTimeout(() => s.end(), 50);
  },
  oversized: (s) => {
    // Length fields at their largest for every framing: MySQL 16 MiB, TDS/TNS 0xffff, LDAP 4 GiB, PostgreSQL 1 GiB.
    s.write(Buffer.from([0xff, 0xff, 0xff, 0x00]));
    s.on('data', () => s.write(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x45, 0x3f, 0xff, 0xff, 0xff])));
  },
  endless: (s) => {
    flood(s, 'A');
  },
  slow: (s) => {
    dribble(s, '\x0a5.5.5-10.11.6-MariaDB\x00 and more', 1000);
  },
  silent: () => undefined,
};

describe('hostile peers', () => {
  for (const [name, handler] of Object.entries(HOSTILE)) {
    it(`${name}: every check ends with an error or not-applicable, within its deadline`, async () => {
      const port = await fake(handler);
      const started = Date.now();
      const outcomes = await Promise.all(
        TCP_CHECKS.map(async (c) => [c.id, await run(c, port, { intrusive: true, timeoutMs: 300 })] as const),
      );
      for (const [id, outcome] of outcomes) {
        expect({ id, status: outcome.status }).not.toEqual({ id, status: 'ok' });
      }
      expect(Date.now() - started).toBeLessThan(8_000);
    });
  }
});
