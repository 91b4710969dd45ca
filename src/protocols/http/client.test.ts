import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../core/errors.js';
import { httpRequest } from './client.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function fake(onRequest: (s: Socket) => void): Promise<number> {
  server = createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => {
      onRequest(s);
    });
  });
  const listening = server;
  await new Promise<void>((resolve) => {
    listening.listen(0, '127.0.0.1', resolve);
  });
  return (listening.address() as AddressInfo).port;
}

const target = (port: number, timeoutMs = 500): { host: string; port: number; tls: boolean; timeoutMs: number } => ({
  host: '127.0.0.1',
  port,
  tls: false,
  timeoutMs,
});

describe('httpRequest against fakes', () => {
  it('reads a response framed by Content-Length without waiting for the close', async () => {
    const port = await fake((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'));
    const t0 = Date.now();
    const r = await httpRequest(target(port, 5_000), 'GET', '/');
    expect(Buffer.from(r.body).toString()).toBe('hello');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
  it('returns what a slow server (1 byte per 100 ms) sent by the deadline, or an error', async () => {
    const reply = 'HTTP/1.1 200 OK\r\n\r\n<title>slow</title>';
    const port = await fake((s) => {
      let i = 0;
      const timer = setInterval(() => {
        if (s.destroyed || i >= reply.length) clearInterval(timer);
        else s.write(reply[i++] ?? '');
      }, 100);
      s.on('close', () => {
        clearInterval(timer);
      });
    });
    const t0 = Date.now();
    await expect(httpRequest(target(port, 500), 'GET', '/')).rejects.toBeInstanceOf(NetworkError);
    expect(Date.now() - t0).toBeLessThan(1_500);
  });
  it('stops an endless body at the cap', async () => {
    const port = await fake((s) => {
      s.write('HTTP/1.1 200 OK\r\n\r\n');
      const pump = (): void => {
        while (!s.destroyed && s.write(Buffer.alloc(16_384, 0x41)));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const r = await httpRequest({ ...target(port, 3_000), maxBytes: 100_000 }, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThanOrEqual(100_000);
    expect(r.complete).toBe(false);
  });
  it('says a non-HTTP service does not answer in HTTP, and a silent one times out', async () => {
    let port = await fake((s) => s.end('SSH-2.0-OpenSSH_9.2p1\r\n'));
    await expect(httpRequest(target(port), 'GET', '/')).rejects.toThrow(/does not answer in HTTP/);
    server?.close();
    port = await fake(() => undefined);
    await expect(httpRequest(target(port, 300), 'GET', '/')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
  it('reports a truncated head as an error', async () => {
    const port = await fake((s) => s.end('HTTP/1.1 200 OK\r\nServer: x'));
    await expect(httpRequest(target(port), 'GET', '/')).rejects.toThrow(/incomplete/);
  });
});
