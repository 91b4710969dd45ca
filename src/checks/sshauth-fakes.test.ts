// ssh-auth-methods and rdp-ntlm-info against local fakes on 127.0.0.1: an SSH server built from our own transport
// primitives in the server role (to reach the answers no lab sshd gives: `none` accepted, banners, a broken MAC,
// a DISCONNECT), a CredSSP server answering with the [MS-NLMP] 4.2.4.3 CHALLENGE and a Windows-style one, and hostile
// peers (garbage, endless, 1 byte per second, silent, truncated): none may hang or crash.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import { check as sshAuthMethods } from './ssh-auth-methods.js';
import { check as rdpNtlmInfo } from './rdp-ntlm-info.js';
import { dribble, fakeServer, flood, type FakeServer } from '../../test/support/fake-server.js';
import { hexFixture } from '../../test/support/fixture.js';
import { Stream } from '../protocols/net/stream.js';
import {
  SshReader,
  SshWriter,
  encodeKexInit,
  encodePacket,
  packetPayload,
  sshPacketLength,
} from '../protocols/ssh/codec.js';
import {
  CIPHERS,
  MACS,
  PacketOpener,
  PacketSealer,
  directionKeys,
  exchangeHash,
  x25519,
} from '../protocols/ssh/kex.js';
import { encodeTsRequest } from '../protocols/rdp/credssp.js';
import { ok } from '../../test/support/check-outcome.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (s: Socket) => void): Promise<number> {
  const server = await fakeServer(handler);
  servers.push(server);
  return server.port;
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

function error(outcome: CheckOutcome): string {
  if (outcome.status !== 'error') throw new Error(`expected error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

const IDENT = 'SSH-2.0-FakeSSH_1.0';
const HOST_KEY = generateKeyPairSync('ed25519');
const HOST_BLOB = new SshWriter()
  .string('ssh-ed25519')
  .string(Buffer.from(HOST_KEY.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'))
  .bytes();

type AfterKex = (send: (payload: Uint8Array) => void, socket: Socket) => void;

/**
 * A minimal SSH server (curve25519-sha256, ssh-ed25519, aes128-ctr, hmac-sha2-256, no strict kex): key exchange,
 * ssh-userauth accepted, then `answer` decides what the `none` request gets.
 */
function sshServer(answer: AfterKex, kexinit = { cipher: ['aes128-ctr'], mac: ['hmac-sha2-256'] }) {
  return (socket: Socket): void => {
    const s = new Stream(socket, { connectTimeoutMs: 2_000, readTimeoutMs: 2_000, maxBytes: 1 << 20 }, undefined);
    const packet = async (): Promise<Uint8Array> => packetPayload(await s.read(sshPacketLength)) ?? new Uint8Array(0);
    void (async () => {
      socket.write(`${IDENT}\r\n`);
      const clientIdent = (await s.readLine()).replace(/\r?\n$/, '');
      const serverKexInit = encodeKexInit(randomBytes(16), {
        kex: ['curve25519-sha256'],
        hostKey: ['ssh-ed25519'],
        ...kexinit,
      });
      socket.write(encodePacket(serverKexInit));
      const clientKexInit = await packet();
      const init = new SshReader(await packet());
      init.byte();
      const clientPublic = init.string();
      const pair = x25519();
      const secret = pair.secret(clientPublic);
      const h = exchangeHash({
        hash: 'sha256',
        encoding: 'string',
        clientIdent,
        serverIdent: IDENT,
        clientKexInit,
        serverKexInit,
        hostKey: HOST_BLOB,
        clientPublic,
        serverPublic: pair.publicKey,
        secret,
      });
      const signature = new SshWriter()
        .string('ssh-ed25519')
        .string(sign(null, h, HOST_KEY.privateKey))
        .bytes();
      const reply = new SshWriter().byte(31).string(HOST_BLOB).string(pair.publicKey).string(signature).bytes();
      socket.write(Buffer.concat([encodePacket(reply), encodePacket(Uint8Array.of(21))]));
      await packet(); // the client's NEWKEYS
      const cipher = CIPHERS[0];
      const mac = MACS.find((m) => m.name === 'hmac-sha2-256');
      if (cipher === undefined || mac === undefined) throw new Error('no algorithms');
      const opener = new PacketOpener(directionKeys('sha256', secret, h, h, 'c2s', cipher, mac));
      const sealer = new PacketSealer(directionKeys('sha256', secret, h, h, 's2c', cipher, mac));
      let recvSeq = 3;
      let sendSeq = 3;
      const receive = async (): Promise<Uint8Array> => {
        const head = await s.readExactly(opener.head);
        const rest = await s.readExactly(opener.rest(head));
        return opener.open(head, rest, recvSeq++);
      };
      const send = (payload: Uint8Array): void => {
        socket.write(sealer.seal(payload, sendSeq++));
      };
      const request = new SshReader(await receive());
      request.byte();
      send(new SshWriter().byte(6).string(request.string()).bytes());
      const auth = new SshReader(await receive());
      if (auth.byte() !== 50) throw new Error('not a userauth request');
      answer(send, socket);
    })().catch(() => socket.destroy());
  };
}

const failure = (methods: string): Uint8Array => new SshWriter().byte(51).string(methods).byte(0).bytes();

describe('ssh-auth-methods on fake SSH servers', () => {
  it('reports `none` accepted for a random user as critical', async () => {
    const port = await serve(
      sshServer((send) => {
        send(Uint8Array.of(52));
      }),
    );
    const r = ok(await run(sshAuthMethods, port));
    expect(r.evidence).toMatchObject({ methods: 'none (accepted)', hostKeyType: 'ssh-ed25519', cipher: 'aes128-ctr' });
    expect(r.findings.map((f) => [f.key, f.severity, f.action])).toEqual([['none', 'critical', 'close']]);
    expect(String(r.findings[0]?.evidence['user'])).toMatch(/^pw-[0-9a-f]{12}$/);
  });

  it('reads the methods after a banner, and flags password', async () => {
    const port = await serve(
      sshServer((send) => {
        send(new SshWriter().byte(53).string('Authorized use only\r\n').string('').bytes());
        send(new SshWriter().byte(2).string('padding').bytes()); // IGNORE
        send(failure('publickey,password'));
      }),
    );
    const r = ok(await run(sshAuthMethods, port));
    expect(r.evidence).toMatchObject({
      methods: 'publickey,password',
      banner: 'Authorized use only\r\n',
      mac: 'hmac-sha2-256',
    });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['password', 'medium']]);
  });

  it('finds nothing when only publickey and gssapi-with-mic are offered', async () => {
    const port = await serve(
      sshServer((send) => {
        send(failure('publickey,gssapi-with-mic'));
      }),
    );
    expect(ok(await run(sshAuthMethods, port)).findings).toEqual([]);
  });

  it('gives an error for a DISCONNECT, a wrong MAC, endless IGNOREs and an unknown message', async () => {
    const bye = await serve(
      sshServer((send) => {
        send(new SshWriter().byte(1).uint32(2).string('Too many users').string('').bytes());
      }),
    );
    expect(error(await run(sshAuthMethods, bye))).toMatch(/disconnected: 2 Too many users/);
    const badMac = await serve(sshServer((_send, socket) => socket.write(randomBytes(64))));
    expect(error(await run(sshAuthMethods, badMac))).toMatch(/length|MAC/);
    const endless = await serve(
      sshServer((send, socket) => {
        const pump = (): void => {
          if (socket.destroyed) return;
          for (let i = 0; i < 100; i++) send(new SshWriter().byte(2).string('x').bytes());
          setImmediate(pump);
        };
        pump();
      }),
    );
    expect(error(await run(sshAuthMethods, endless))).toMatch(/IGNORE|more than/);
    const odd = await serve(
      sshServer((send) => {
        send(Uint8Array.of(60, 0, 0, 0, 0));
      }),
    );
    expect(error(await run(sshAuthMethods, odd))).toMatch(/message 60/);
  });

  it('gives an error when no algorithm is common', async () => {
    const port = await serve(sshServer(() => undefined, { cipher: ['3des-cbc'], mac: ['hmac-sha2-256'] }));
    expect(error(await run(sshAuthMethods, port))).toMatch(/no common cipher/);
  });

  it('gives an error for hostile or broken peers, never a hang', async () => {
    const kexinit = encodePacket(
      encodeKexInit(randomBytes(16), {
        kex: ['curve25519-sha256'],
        hostKey: ['ssh-ed25519'],
        cipher: ['aes128-ctr'],
        mac: ['hmac-sha2-256'],
      }),
    );
    const cases: [string, (s: Socket) => void, RegExp][] = [
      [
        'garbage after KEXINIT',
        (s) => s.end(Buffer.concat([Buffer.from(`${IDENT}\r\n`), kexinit, randomBytes(512)])),
        /length|KEX|closed|packet/i,
      ],
      [
        'endless unencrypted packets',
        (s) => {
          s.write(`${IDENT}\r\n`);
          flood(s, Buffer.from(encodePacket(Uint8Array.of(2, 0, 0, 0, 0))).toString('latin1'));
        },
        /IGNORE|more than/,
      ],
      ['an oversized packet', (s) => s.write(`${IDENT}\r\n\x7f\xff\xff\xff`), /length/],
      [
        'slow: 1 byte per second',
        (s) => {
          dribble(s, `${IDENT}\r\n`, 1000);
        },
        /no reply/,
      ],
      ['silent', () => undefined, /no reply/],
      ['closes after its identification', (s) => s.end(`${IDENT}\r\n`), /closed/],
      ['SSH-1 only', (s) => s.write('SSH-1.5-OldSSH\r\n'), /protocol 1\.5/],
      ['not SSH', (s) => s.write('220 mail.example ESMTP\r\n'.repeat(30)), /identification/],
    ];
    for (const [name, handler, pattern] of cases) {
      const started = Date.now();
      const port = await serve(handler);
      expect(error(await run(sshAuthMethods, port, 300)), name).toMatch(pattern);
      expect(Date.now() - started, name).toBeLessThan(2_000);
    }
  });
});

let cert: { key: Buffer; cert: Buffer } | null = null;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-credssp-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=DC01.corp.example',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
});

/** An X.224 Connection Confirm with RDP_NEG_RSP selecting `protocol` ([MS-RDPBCGR] 2.2.1.2). */
function confirm(protocol: number): Buffer {
  const b = Buffer.from([3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0x1f, 8, 0, 0, 0, 0, 0]);
  b.writeUInt32LE(protocol, 15);
  return b;
}

/** An RDP server that selects `protocol`, then (for CredSSP) does TLS and answers the first TSRequest with `reply`. */
function rdpServer(protocol: number, reply: (tls: TLSSocket) => void) {
  return (socket: Socket): void => {
    socket.once('data', () => {
      socket.write(confirm(protocol));
      if (protocol !== 2 && protocol !== 8) return;
      const tls = new TLSSocket(socket, { isServer: true, ...(cert ?? {}) });
      tls.on('error', () => undefined);
      tls.once('data', () => {
        reply(tls);
      });
    });
  };
}

/** A Windows-style CHALLENGE: all five names, a timestamp and version 10.0.20348 ([MS-NLMP] 2.2.1.2, 2.2.2.1). */
function windowsChallenge(): Buffer {
  const av = (id: number, value: Buffer): Buffer => {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(id, 0);
    h.writeUInt16LE(value.length, 2);
    return Buffer.concat([h, value]);
  };
  const u = (s: string): Buffer => Buffer.from(s, 'utf16le');
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64LE((BigInt(Date.UTC(2026, 10, 29)) + 11_644_473_600_000n) * 10_000n);
  const info = Buffer.concat([
    av(2, u('CORP')),
    av(1, u('DC01')),
    av(4, u('corp.example')),
    av(3, u('DC01.corp.example')),
    av(5, u('corp.example')),
    av(7, stamp),
    av(0, Buffer.alloc(0)),
  ]);
  const target = u('CORP');
  const head = Buffer.alloc(56);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(target.length, 12);
  head.writeUInt16LE(target.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(0xe28a8215, 20);
  randomBytes(8).copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + target.length, 44);
  Buffer.from([10, 0, 0x7c, 0x4f, 0, 0, 0, 15]).copy(head, 48);
  return Buffer.concat([head, target, info]);
}

describe('rdp-ntlm-info on fake CredSSP servers', () => {
  it('decodes the [MS-NLMP] 4.2.4.3 CHALLENGE and flags its end-of-life build', async () => {
    const port = await serve(
      rdpServer(2, (tls) => tls.write(encodeTsRequest(hexFixture('rdp', 'ms-nlmp-4.2.4.3-challenge'), 3))),
    );
    const r = ok(await run(rdpNtlmInfo, port));
    expect(r.evidence).toMatchObject({
      security: 'CredSSP (NLA)',
      credsspVersion: 3,
      targetName: 'Server',
      netbiosComputer: 'Server',
      netbiosDomain: 'Domain',
      osVersion: '6.0.6000',
      os: 'Windows Vista',
      endOfSupport: '2017-04-11',
    });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([
      ['names', 'info'],
      ['end-of-life', 'low'],
    ]);
  });

  it('reads the DNS names, forest, clock and build of a current Windows server (CredSSP-EX)', async () => {
    const port = await serve(rdpServer(8, (tls) => tls.write(encodeTsRequest(windowsChallenge(), 6))));
    const r = ok(await run(rdpNtlmInfo, port));
    expect(r.evidence).toMatchObject({
      security: 'CredSSP with Early User Authorization (NLA)',
      netbiosComputer: 'DC01',
      netbiosDomain: 'CORP',
      dnsComputer: 'DC01.corp.example',
      dnsDomain: 'corp.example',
      dnsForest: 'corp.example',
      osVersion: '10.0.20348',
      serverTime: '2026-11-29T00:00:00.000Z',
    });
    expect(r.findings.map((f) => [f.key, f.severity])).toEqual([['names', 'info']]);
    expect(r.findings[0]?.title.en).toContain('DC01, CORP, DC01.corp.example, corp.example');
    expect(r.service).toMatchObject({ service: 'ms-wbt-server', extraInfo: 'NTLM 10.0.20348' });
  });

  it('is not applicable when the server selects TLS or standard RDP security, or refuses', async () => {
    const tls = await serve(rdpServer(1, () => undefined));
    expect(await run(rdpNtlmInfo, tls)).toEqual({
      status: 'not-applicable',
      reason: 'no CredSSP: the server selects TLS',
    });
    const failure = await serve((s) =>
      s.once('data', () => s.write(Buffer.from('030000130ed00000123400' + '0300080005000000', 'hex'))),
    );
    const r = await run(rdpNtlmInfo, failure);
    expect(r.status === 'not-applicable' && r.reason).toMatch(/refused/);
  });

  it('gives an error for a CredSSP error, garbage, silence, an oversized TSRequest and a server without TLS', async () => {
    const cases: [string, (s: Socket) => void, RegExp][] = [
      [
        'errorCode only',
        rdpServer(2, (t) => t.write(Buffer.from('300ba003020106a404020200ff', 'hex').subarray(0, 13))),
        /CredSSP|TSRequest/,
      ],
      ['garbage', rdpServer(2, (t) => t.write(randomBytes(200))), /SEQUENCE|TSRequest|DER/],
      ['silent after TLS', rdpServer(2, () => undefined), /no reply/],
      ['oversized', rdpServer(2, (t) => t.write(Buffer.from('3083100000', 'hex'))), /TSRequest of/],
      [
        'truncated then closed',
        rdpServer(2, (t) => t.end(encodeTsRequest(windowsChallenge()).subarray(0, 40))),
        /closed/,
      ],
      ['no NTLM inside', rdpServer(2, (t) => t.write(encodeTsRequest(Buffer.from('not ntlm')))), /no NTLM CHALLENGE/],
      [
        'CredSSP selected, no TLS',
        (s) => s.once('data', () => s.write(Buffer.concat([confirm(2), Buffer.from('garbage, no TLS here\r\n')]))),
        /TLS/,
      ],
      [
        'endless TPKT',
        (s) => {
          flood(s, '\x03\x00\xff\xff');
        },
        /more than|TPKT|Confirm/,
      ],
    ];
    for (const [name, handler, pattern] of cases) {
      const port = await serve(handler);
      expect(error(await run(rdpNtlmInfo, port, 400)), name).toMatch(pattern);
    }
  });
});
