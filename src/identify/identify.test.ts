import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { identifyTcp, probeOrder } from './identify.js';
import { SignatureMatcher } from './match.js';
import { BANNER_PROBE } from './sources.js';
import type { SignatureData } from './types.js';

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

const DATA: SignatureData = {
  version: 1,
  probes: [
    BANNER_PROBE,
    {
      name: 'http-get',
      transport: 'tcp',
      payloadHex: hex('GET / HTTP/1.0\r\n\r\n'),
      ports: [80],
      tlsPorts: [443],
      rarity: 1,
    },
    { name: 'redis-ping', transport: 'tcp', payloadHex: hex('PING\r\n'), ports: [6379], tlsPorts: [], rarity: 8 },
  ],
  signatures: [
    {
      probe: 'banner',
      service: 'ftp',
      pattern: '^220[- ][^\\r\\n]*\\(vsFTPd ([0-9.]+)\\)',
      flags: '',
      product: 'vsftpd',
      version: '$1',
      cpe: 'cpe:/a:beasts:vsftpd:$1',
      soft: false,
      file: 't',
    },
    { probe: 'banner', service: 'ftp', pattern: '^220[- ]', flags: '', soft: true, file: 't' },
    {
      probe: 'http-get',
      service: 'http',
      pattern: '^HTTP/1\\.[01] \\d\\d\\d[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*?Server: nginx/([\\d.]+)',
      flags: 'i',
      product: 'nginx',
      version: '$1',
      soft: false,
      file: 't',
    },
    { probe: 'http-get', service: 'http', pattern: '^HTTP/1\\.[01] \\d\\d\\d', flags: '', soft: true, file: 't' },
    {
      probe: 'redis-ping',
      service: 'redis',
      pattern: '^\\+PONG',
      flags: '',
      product: 'Redis key-value store',
      soft: false,
      file: 't',
    },
  ],
};
const matcher = new SignatureMatcher(DATA);
const fast = { data: DATA, matcher, bannerWaitMs: 300, probeWaitMs: 300, connectTimeoutMs: 1000 };

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function tcp(handler: (s: Socket) => void): Server {
  return createServer((s) => {
    s.on('error', () => undefined);
    handler(s);
  });
}

describe('identifyTcp', () => {
  it('names a service from its banner, with product, version and CPE', async () => {
    const port = await listen(tcp((s) => s.end('220 (vsFTPd 3.0.3)\r\n')));
    const info = await identifyTcp('127.0.0.1', port, fast);
    expect(info).toMatchObject({
      service: 'ftp',
      product: 'vsftpd',
      version: '3.0.3',
      method: 'banner',
      confidence: 10,
    });
    expect(info.cpe).toEqual(['cpe:/a:beasts:vsftpd:3.0.3']);
    expect(info.banner).toBe('220 (vsFTPd 3.0.3)');
  });

  it('keeps a soft banner match when no probe refines it', async () => {
    const port = await listen(tcp((s) => s.end('220 some ftp server ready\r\n')));
    const info = await identifyTcp('127.0.0.1', port, fast);
    expect(info).toMatchObject({ service: 'ftp', method: 'banner', confidence: 6 });
    expect(info.product).toBeUndefined();
  });

  it('sends probes to a silent service and matches the reply', async () => {
    const port = await listen(
      tcp((s) => {
        s.once('data', (d) => {
          if (d.toString().startsWith('GET ')) s.end('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n');
        });
      }),
    );
    const info = await identifyTcp('127.0.0.1', port, fast);
    expect(info).toMatchObject({ service: 'http', product: 'nginx', version: '1.22.1', method: 'probe', tls: false });
  });

  it('finds a service inside TLS', async () => {
    const server = createTlsServer(
      {
        key: readFileSync(new URL('../../test/fixtures/tls/localhost.key', import.meta.url)),
        cert: readFileSync(new URL('../../test/fixtures/tls/localhost.crt', import.meta.url)),
      },
      (s) => {
        s.on('error', () => undefined);
        s.once('data', () => s.end('HTTP/1.0 200 OK\r\nServer: nginx/1.25.0\r\n\r\n'));
      },
    );
    server.on('tlsClientError', () => undefined);
    const port = await listen(server);
    const info = await identifyTcp('127.0.0.1', port, fast);
    expect(info).toMatchObject({ service: 'http', product: 'nginx', version: '1.25.0', tls: true });
  });

  it('falls back to the port name when nothing matches, and keeps what the service said', async () => {
    const port = await listen(tcp((s) => s.end('\x1b[31mwelcome\x00 to nowhere\r\n')));
    const info = await identifyTcp('127.0.0.1', port, { ...fast, portName: () => 'example' });
    expect(info).toMatchObject({ service: 'example', method: 'port', confidence: 3, banner: '[31mwelcome to nowhere' });
  });

  it('is bounded by its caps against slow, endless and closing services', async () => {
    const slow = await listen(
      tcp((s) => {
        const timer = setInterval(() => s.write('2'), 200);
        s.on('close', () => {
          clearInterval(timer);
        });
      }),
    );
    const endless = await listen(
      tcp((s) => {
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        const pump = (): void => {
          while (s.writable && s.write(chunk));
        };
        s.on('drain', pump);
        pump();
      }),
    );
    const closing = await listen(tcp((s) => s.destroy()));
    const started = Date.now();
    const results = await Promise.all([slow, endless, closing].map((p) => identifyTcp('127.0.0.1', p, fast)));
    expect(Date.now() - started).toBeLessThan(8_000);
    for (const r of results) expect(r.method).toBe('port');
    expect(results[1]?.banner?.length).toBeLessThanOrEqual(200);
  });

  it('stops when aborted', async () => {
    const port = await listen(tcp(() => undefined));
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 100);
    await expect(
      identifyTcp('127.0.0.1', port, { ...fast, bannerWaitMs: 5_000, signal: controller.signal }),
    ).rejects.toThrow();
  });
});

describe('probeOrder', () => {
  it('puts the probes meant for the port first, then by rarity, and leaves rare ones out elsewhere', () => {
    expect(probeOrder(DATA, 6379, false, 7).map((p) => p.name)).toEqual(['redis-ping', 'http-get']);
    expect(probeOrder(DATA, 1234, false, 7).map((p) => p.name)).toEqual(['http-get']);
    expect(probeOrder(DATA, 1234, false, 9).map((p) => p.name)).toEqual(['http-get', 'redis-ping']);
  });
});
