import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { tftpFirstPacket } from './client.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A fake TFTP server on 127.0.0.1 that answers each request, from a new port like a real one, with `answer`. */
async function fake(answer: Buffer | null, seen: Buffer[] = []): Promise<number> {
  const server = createSocket('udp4');
  sockets.push(server);
  server.on('message', (_msg, rinfo) => {
    if (answer === null) return;
    const transfer = createSocket('udp4');
    sockets.push(transfer);
    transfer.on('message', (m) => seen.push(m));
    transfer.bind(0, '127.0.0.1', () => {
      transfer.send(answer, rinfo.port, rinfo.address);
    });
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  return server.address().port;
}

describe('tftpFirstPacket', () => {
  it('reads DATA from the transfer port and ends the transfer with an ERROR', async () => {
    const seen: Buffer[] = [];
    const port = await fake(Buffer.from('000300016869', 'hex'), seen);
    expect(await tftpFirstPacket({ host: '127.0.0.1', port, timeoutMs: 300 }, 'a')).toEqual({
      opcode: 'data',
      block: 1,
      dataLength: 2,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen[0]?.readUInt16BE(0)).toBe(5);
  });

  it('ignores malformed packets and gives null after silence', async () => {
    const garbage = await fake(Buffer.from('ffff', 'hex'));
    expect(await tftpFirstPacket({ host: '127.0.0.1', port: garbage, timeoutMs: 100 }, 'a')).toBeNull();
    const silent = await fake(null);
    expect(await tftpFirstPacket({ host: '127.0.0.1', port: silent, timeoutMs: 100, retries: 0 }, 'a')).toBeNull();
  });

  it('stops on abort', async () => {
    const silent = await fake(null);
    const ac = new AbortController();
    setTimeout(() => {
      ac.abort();
    }, 50);
    await expect(
      tftpFirstPacket({ host: '127.0.0.1', port: silent, timeoutMs: 5_000, signal: ac.signal }, 'a'),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
