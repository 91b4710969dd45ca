// The NetBIOS/SMB/MSRPC/SunRPC checks against small hostile servers on 127.0.0.1: silent, slow, endless, garbage,
// lying lengths, early close. None may hang or crash; each ends in an `error` (or a reasoned not-applicable).
// Plus the positive MS17-010 path, which no lab daemon can show: a fake SMB1 server answering like unpatched Windows.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, CheckOutcome } from './types.js';
import type { Transport } from '../core/socket.js';
import { check as smbNegotiate } from './smb-negotiate.js';
import { check as smbSigning } from './smb-signing.js';
import { check as smbNull } from './smb-null-session.js';
import { check as ms17 } from './smb-ms17-010.js';
import { check as epmap } from './msrpc-epmap.js';
import { check as rpcinfo } from './rpcinfo.js';
import { check as showmount } from './nfs-showmount.js';
import { check as amplification } from './rpcbind-udp-amplification.js';
import { check as nbstat } from './nbstat.js';

const servers: (Server | UdpSocket)[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function tcpServer(onConnection: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    s.on('error', () => undefined);
    onConnection(s);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function run(check: Check, port: number, transport: Transport = 'tcp', service?: string): Promise<CheckOutcome> {
  return check.run({
    target: {
      host: '127.0.0.1',
      port,
      transport,
      service: service === undefined ? null : { service, tls: false, method: 'probe', confidence: 10 },
    },
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 300,
    intrusive: false,
    args: {},
  });
}

const hostile: Record<string, (s: Socket) => void> = {
  silent: () => undefined,
  'slow (1 byte per 100 ms)': (s) => {
    const t = setInterval(() => s.write(Buffer.of(0)), 100);
    s.on('close', () => {
      clearInterval(t);
    });
  },
  endless: (s) => {
    const chunk = Buffer.alloc(16_384, 0x41);
    const pump = (): void => {
      while (!s.destroyed && s.write(chunk));
    };
    s.on('drain', pump);
    pump();
  },
  garbage: (s) => s.on('data', () => s.write(Buffer.from('HTTP/1.0 400 Bad Request\r\n\r\n'))),
  'lying length': (s) => s.on('data', () => s.write(Buffer.of(0, 0x0f, 0xff, 0xff, 0xfe, 0x53, 0x4d, 0x42))),
  'truncated then close': (s) => s.on('data', () => s.end(Buffer.of(0, 0, 0, 80, 0xfe, 0x53))),
};

describe('checks survive hostile servers', () => {
  for (const [name, behaviour] of Object.entries(hostile)) {
    it(`${name}: every TCP check of the group ends quickly without findings`, async () => {
      const port = await tcpServer(behaviour);
      for (const check of [smbNegotiate, smbSigning, smbNull, ms17, epmap, rpcinfo, showmount]) {
        const started = Date.now();
        const r = await run(
          check,
          port,
          'tcp',
          check === epmap ? 'msrpc' : check === rpcinfo || check === showmount ? 'rpcbind' : 'microsoft-ds',
        );
        expect(Date.now() - started, `${check.id} took too long`).toBeLessThan(5_000);
        expect(['error', 'not-applicable'], `${check.id}: ${JSON.stringify(r)}`).toContain(r.status);
      }
    });
  }

  it('a NetBIOS negative session response on 139 is an error naming the reason', async () => {
    const port = await tcpServer((s) => s.on('data', () => s.write(Buffer.of(0x83, 0, 0, 1, 0x82))));
    const r = await run(smbNegotiate, port, 'tcp', 'netbios-ssn');
    expect(r).toEqual({ status: 'error', error: 'NetBIOS session refused: called name not present' });
  });

  it('a refused DCE/RPC bind is reported without a finding', async () => {
    const port = await tcpServer((s) =>
      s.on('data', () => s.write(Buffer.from('05000d03100000001200000001000000' + '0400', 'hex'))),
    );
    const r = await run(epmap, port, 'tcp', 'msrpc');
    expect(r).toMatchObject({ status: 'ok', evidence: { bound: false }, findings: [] });
  });
});

/** An SMB1 response to `request`: the same header with the reply flag, `status`, user and tree ids, no words. */
function smb1Reply(request: Buffer, status: number, ids: { uid?: number; tid?: number } = {}): Buffer {
  const h = Buffer.from(request.subarray(4, 36));
  h[9] = (h[9] ?? 0) | 0x80;
  h.writeUInt32LE(status, 5);
  if (ids.uid !== undefined) h.writeUInt16LE(ids.uid, 28);
  if (ids.tid !== undefined) h.writeUInt16LE(ids.tid, 24);
  const body = Buffer.concat([h, Buffer.of(0, 0, 0)]);
  return Buffer.concat([Buffer.of(0, 0, body.length >> 8, body.length & 0xff), body]);
}

describe('smb-ms17-010 against a server answering like unpatched Windows', () => {
  const negotiate = Buffer.from(
    readFileSync(new URL('../../test/fixtures/smb/samba-4.17-smb1-negotiate.hex', import.meta.url), 'utf8').trim(),
    'hex',
  );
  const windowsLike = (transStatus: number) => (s: Socket) => {
    s.on('data', (req: Buffer) => {
      const command = req[8];
      if (command === 0x72) s.write(Buffer.concat([Buffer.of(0, 0, 0, negotiate.length), negotiate]));
      else if (command === 0x73) s.write(smb1Reply(req, 0, { uid: 0x0800 }));
      else if (command === 0x75) s.write(smb1Reply(req, 0, { uid: 0x0800, tid: 0x0801 }));
      else if (command === 0x25) s.write(smb1Reply(req, transStatus));
      else s.destroy();
    });
  };

  it('STATUS_INSUFF_SERVER_RESOURCES is the critical finding', async () => {
    const port = await tcpServer(windowsLike(0xc0000205));
    const r = await run(ms17, port);
    expect(r).toMatchObject({ status: 'ok', evidence: { vulnerable: true, transStatus: '0xC0000205' } });
    expect(r.status === 'ok' ? r.findings.map((f) => f.severity) : []).toEqual(['critical']);
  });

  it('STATUS_ACCESS_DENIED (a patched Windows) is not', async () => {
    const port = await tcpServer(windowsLike(0xc0000022));
    expect(await run(ms17, port)).toMatchObject({ status: 'ok', findings: [], evidence: { vulnerable: false } });
  });
});

describe('UDP checks', () => {
  async function udpServer(onMessage: (msg: Buffer, reply: (b: Uint8Array) => void) => void): Promise<number> {
    const s = createSocket('udp4');
    servers.push(s);
    s.on('message', (msg, rinfo) => {
      onMessage(msg, (b) => {
        s.send(b, rinfo.port, rinfo.address);
      });
    });
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    return s.address().port;
  }

  it('rpcbind-udp-amplification reports a silent portmapper as not answering, and measures one that does', async () => {
    const silent = await udpServer(() => undefined);
    expect(await run(amplification, silent, 'udp')).toMatchObject({
      status: 'ok',
      evidence: { answered: false },
      findings: [],
    });
    // A portmapper that answers any call with a success and 1,000 bytes of (empty-list-terminated) results.
    const loud = await udpServer((msg, reply) => {
      const out = Buffer.alloc(24 + 1000);
      msg.copy(out, 0, 0, 4);
      out.writeUInt32BE(1, 4);
      reply(out);
    });
    const r = await run(amplification, loud, 'udp');
    expect(r).toMatchObject({
      status: 'ok',
      evidence: { answered: true, requestBytes: 40, replyBytes: 1024, ratio: 25.6 },
    });
    // Garbage with the right xid is a malformed reply, an error.
    const junk = await udpServer((msg, reply) => {
      reply(Buffer.concat([msg.subarray(0, 4), Buffer.from('junk')]));
    });
    expect((await run(amplification, junk, 'udp')).status).toBe('error');
  });

  it('nbstat sends to UDP 137 only, and a silent or refused port is no finding', async () => {
    // Port 137 on 127.0.0.1 is not ours to bind; nothing listens there in the test environment.
    const r = await run(nbstat, 137, 'udp');
    expect(['error', 'not-applicable']).toContain(r.status);
  });
});
