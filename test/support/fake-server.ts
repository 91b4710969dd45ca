// A local TCP server on 127.0.0.1 for hostile-peer tests: each connection runs `handler`, sockets are destroyed at close.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listen on an ephemeral loopback port; `handler` gets each connection. */
export async function fakeServer(handler: (socket: Socket) => void): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    handler(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Send `text` one byte at a time, `intervalMs` apart, until the socket closes. */
export function dribble(socket: Socket, text: string, intervalMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[i++] ?? '');
  }, intervalMs);
  socket.on('close', () => {
    clearInterval(timer);
  });
}

/** Write `chunk` forever (as fast as the peer reads) until the socket closes. */
export function flood(socket: Socket, chunk: string): void {
  const buf = Buffer.from(chunk.repeat(Math.max(1, Math.floor(16384 / chunk.length))));
  const pump = (): void => {
    while (!socket.destroyed && socket.write(buf)) {
      // keep writing until the kernel buffer is full
    }
  };
  socket.on('drain', pump);
  pump();
}
