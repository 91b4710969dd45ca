import { createServer, type Server, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { dnsQuery, dnsZoneTransfer } from './client.js';
import { DNS_TYPE, encodeName, frameTcp } from './codec.js';

/** A local TCP server driven by one handler per connection, given the first query it receives. */
async function tcpServer(handler: (socket: Socket, query: Buffer) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (data) => {
      handler(socket, data.subarray(2));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** A response to `query` with the given answers (owner = the question's name, compressed). */
function response(query: Buffer, rcode: number, answers: { type: number; rdata: number[] }[]): Buffer {
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8400 | rcode, 2);
  header.writeUInt16BE(answers.length, 6);
  const rrs = answers.map(({ type, rdata }) =>
    Buffer.from([
      0xc0,
      12,
      type >> 8,
      type & 0xff,
      0,
      1,
      0,
      0,
      0,
      60,
      rdata.length >> 8,
      rdata.length & 0xff,
      ...rdata,
    ]),
  );
  return Buffer.concat([header, query.subarray(12), ...rrs]);
}

const soa = [...encodeName('ns.x.'), ...encodeName('h.x.'), 0, 0, 0, 7, ...new Array<number>(16).fill(0)];
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});
const endpoint = (port: number, timeoutMs = 300) => ({ host: '127.0.0.1', port, transport: 'tcp' as const, timeoutMs });

describe('dnsZoneTransfer against hostile servers', () => {
  it('stops an endless transfer at the record cap', async () => {
    const { server, port } = await tcpServer((socket, query) => {
      socket.write(frameTcp(response(query, 0, [{ type: DNS_TYPE.SOA, rdata: soa }])));
      const flood = setInterval(() => {
        if (socket.destroyed) clearInterval(flood);
        else
          socket.write(
            frameTcp(
              response(
                query,
                0,
                Array.from({ length: 50 }, () => ({ type: 1, rdata: [203, 0, 113, 9] })),
              ),
            ),
          );
      }, 1);
    });
    servers.push(server);
    const t = await dnsZoneTransfer(endpoint(port), 'x', { maxRecords: 500, maxBytes: 1 << 20 });
    expect(t).toMatchObject({ rcode: 0, complete: false, capped: true, serial: 7 });
    expect(t.records.length).toBeLessThanOrEqual(550);
  });

  it('times out on a server that sends one byte and stalls, and cuts an oversized one', async () => {
    const slow = await tcpServer((socket) => socket.write(Buffer.from([0])));
    servers.push(slow.server);
    await expect(dnsZoneTransfer(endpoint(slow.port), 'x')).rejects.toMatchObject({ code: 'TIMEOUT' });
    const big = await tcpServer((socket) => socket.write(Buffer.alloc(200_000, 0xff)));
    servers.push(big.server);
    await expect(dnsZoneTransfer(endpoint(big.port), 'x', { maxRecords: 10, maxBytes: 1000 })).rejects.toMatchObject({
      code: 'BAD_REPLY',
    });
  });

  it('reports a hang-up and a refusal as no transfer, and garbage as an error', async () => {
    const hangup = await tcpServer((socket) => socket.end());
    servers.push(hangup.server);
    expect(await dnsZoneTransfer(endpoint(hangup.port), 'x')).toMatchObject({ rcode: -1, records: [] });
    const refuse = await tcpServer((socket, query) => socket.write(frameTcp(response(query, 5, []))));
    servers.push(refuse.server);
    expect(await dnsZoneTransfer(endpoint(refuse.port), 'x')).toMatchObject({ rcode: 5, records: [] });
    const garbage = await tcpServer((socket) => socket.write(frameTcp(Buffer.from('not dns at all'))));
    servers.push(garbage.server);
    await expect(dnsZoneTransfer(endpoint(garbage.port), 'x')).rejects.toMatchObject({ code: 'BAD_REPLY' });
    const noSoa = await tcpServer((socket, query) =>
      socket.write(frameTcp(response(query, 0, [{ type: 1, rdata: [1, 2, 3, 4] }]))),
    );
    servers.push(noSoa.server);
    await expect(dnsZoneTransfer(endpoint(noSoa.port), 'x')).rejects.toMatchObject({ code: 'BAD_REPLY' });
  });
});

describe('dnsQuery over UDP', () => {
  it('ignores replies with another id and gives null after silence', async () => {
    const socket = createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      const wrong = Buffer.from(msg);
      wrong.writeUInt16BE((msg.readUInt16BE(0) + 1) & 0xffff, 0);
      wrong[2] = 0x80;
      socket.send(wrong, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    const reply = await dnsQuery(
      { host: '127.0.0.1', port: socket.address().port, transport: 'udp', timeoutMs: 150 },
      { name: 'a.test', type: DNS_TYPE.A },
    );
    socket.close();
    expect(reply).toBeNull();
  });
});
