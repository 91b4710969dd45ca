import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptedSuites, acceptsVersion, fetchCertificates, sendHello, tlsTargetFor } from './client.js';
import { TLS10, TLS12 } from './codec.js';
import { StarttlsRefused } from './starttls.js';

const flight = Buffer.from(
  readFileSync(
    new URL('../../../test/fixtures/tls/nginx-1.22-web-old-tls12-flight.hex', import.meta.url),
    'utf8',
  ).trim(),
  'hex',
);
const alert = Buffer.from('15030100020246', 'hex');

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A local fake: `onHello` gets each connection once the client has sent its first bytes after `preamble`. */
async function fake(onConnect: (s: Socket) => void): Promise<number> {
  server = createServer((s) => {
    s.on('error', () => undefined);
    onConnect(s);
  });
  const listening = server;
  await new Promise<void>((resolve) => {
    listening.listen(0, '127.0.0.1', resolve);
  });
  return (listening.address() as AddressInfo).port;
}

const target = (port: number, timeoutMs = 500): { host: string; port: number; timeoutMs: number } => ({
  host: '127.0.0.1',
  port,
  timeoutMs,
});

describe('sendHello against fakes', () => {
  it('reads a replayed nginx flight: version, suite and certificate', async () => {
    const port = await fake((s) => s.once('data', () => s.end(flight)));
    const r = await sendHello(target(port), TLS12, [0xc030], { certificates: true });
    expect(r.kind === 'accepted' && [r.version, r.suite, r.certificates.length]).toEqual([TLS12, 0xc030, 1]);
  });
  it('reports an alert, a close, silence and a non-TLS answer without hanging', async () => {
    let port = await fake((s) => s.once('data', () => s.end(alert)));
    expect(await sendHello(target(port), TLS10, [0x2f])).toEqual({ kind: 'refused', reason: 'protocol_version' });
    server?.close();
    port = await fake((s) => s.once('data', () => s.destroy()));
    expect((await sendHello(target(port), TLS10, [0x2f])).kind).toBe('refused');
    server?.close();
    port = await fake(() => undefined);
    const t0 = Date.now();
    expect(await sendHello(target(port, 300), TLS10, [0x2f])).toEqual({ kind: 'refused', reason: 'no answer' });
    expect(Date.now() - t0).toBeLessThan(2_000);
    server?.close();
    port = await fake((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    expect(await sendHello(target(port), TLS12, [0x2f])).toEqual({ kind: 'not-tls' });
  });
  it('stops a slow server (1 byte per 100 ms) at the deadline and an endless one at the byte cap', async () => {
    let port = await fake((s) =>
      s.once('data', () => {
        let i = 0;
        const timer = setInterval(() => {
          if (s.destroyed) clearInterval(timer);
          else s.write(flight.subarray(i, ++i));
        }, 100);
        s.on('close', () => {
          clearInterval(timer);
        });
      }),
    );
    const t0 = Date.now();
    expect((await sendHello(target(port, 400), TLS12, [0xc030])).kind).toBe('refused');
    expect(Date.now() - t0).toBeLessThan(2_000);
    server?.close();
    // A handshake record header announcing 16 KiB, then endless handshake bytes of an endless message.
    port = await fake((s) =>
      s.once('data', () => {
        const record = Buffer.concat([
          Buffer.from('1603034000', 'hex'),
          Buffer.from('02ffffff', 'hex'),
          Buffer.alloc(0x4000 - 4),
        ]);
        const pump = (): void => {
          while (!s.destroyed && s.write(record));
          if (!s.destroyed) s.once('drain', pump);
        };
        pump();
      }),
    );
    const r = await sendHello(target(port, 2_000), TLS12, [0xc030]);
    expect(r.kind).toBe('not-tls');
  });
  it('enumerates by removing the chosen suite until the server refuses', async () => {
    const chosen: number[] = [];
    const port = await fake((s) =>
      s.once('data', (hello: Buffer) => {
        // Accept 0x0035 or 0x002f if offered (suites start at byte 46 after the session id length 0).
        const n = hello.readUInt16BE(44);
        const offered = Array.from({ length: n / 2 }, (_, i) => hello.readUInt16BE(46 + 2 * i));
        const pick = [0x0035, 0x002f].find((c) => offered.includes(c));
        if (pick === undefined) {
          s.end(Buffer.from('15030100020228', 'hex'));
          return;
        }
        chosen.push(pick);
        const body = Buffer.concat([
          Buffer.from([3, 1]),
          Buffer.alloc(32),
          Buffer.from([0]),
          Buffer.from([pick >> 8, pick & 0xff, 0]),
        ]);
        const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
        s.end(Buffer.concat([Buffer.from([22, 3, 1, 0, hs.length]), hs]));
      }),
    );
    expect(await acceptedSuites(target(port), TLS10)).toEqual([0x0035, 0x002f]);
    expect((await acceptsVersion(target(port), TLS12)).kind).toBe('refused');
  });
});

describe('STARTTLS', () => {
  const dialogs: Record<string, (s: Socket) => void> = {
    smtp: (s) => {
      s.write('220 mail.test ESMTP\r\n');
      s.once('data', () => {
        s.write('250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n');
        s.once('data', () => {
          s.write('220 2.0.0 Ready to start TLS\r\n');
          s.once('data', () => s.end(flight));
        });
      });
    },
    pop3: (s) => {
      s.write('+OK POP3 ready\r\n');
      s.once('data', () => {
        s.write('+OK Begin TLS\r\n');
        s.once('data', () => s.end(flight));
      });
    },
    imap: (s) => {
      s.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n');
      s.once('data', () => {
        s.write('* CAPABILITY IMAP4rev1\r\npw1 OK Begin TLS negotiation now\r\n');
        s.once('data', () => s.end(flight));
      });
    },
    ftp: (s) => {
      s.write('220-Welcome\r\n220 FTP ready\r\n');
      s.once('data', () => {
        s.write('234 AUTH TLS successful\r\n');
        s.once('data', () => s.end(flight));
      });
    },
  };
  for (const [protocol, dialog] of Object.entries(dialogs)) {
    it(`${protocol}: speaks the preamble, then reads the certificate`, async () => {
      const port = await fake(dialog);
      const t = tlsTargetFor('127.0.0.1', port, { service: protocol, tls: false }, 1_000);
      expect(t.starttls).toBe(protocol);
      const r = await fetchCertificates(t);
      expect(r.chain).toHaveLength(1);
    });
  }
  it('refuses cleanly when the server does not offer STARTTLS', async () => {
    const port = await fake((s) => {
      s.write('220 mail.test ESMTP\r\n');
      s.once('data', () => s.write('250-mail.test\r\n250 SIZE 1000\r\n'));
    });
    await expect(
      fetchCertificates(tlsTargetFor('127.0.0.1', port, { service: 'smtp', tls: false }, 1_000)),
    ).rejects.toBeInstanceOf(StarttlsRefused);
  });
  /** An X.224 Connection Confirm whose RDP_NEG_RSP selects `protocol` (MS-RDPBCGR 2.2.1.2.1). */
  const confirm = (protocol: number): Buffer =>
    Buffer.from([3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, protocol, 0, 0, 0]);
  it('rdp: asks for TLS in the X.224 request, then reads the certificate', async () => {
    const port = await fake((s) => {
      s.once('data', () => {
        s.write(confirm(1));
        s.once('data', () => s.end(flight));
      });
    });
    const t = tlsTargetFor('127.0.0.1', port, { service: 'ms-wbt-server', tls: false }, 1_000);
    expect(t.starttls).toBe('rdp');
    expect((await fetchCertificates(t)).chain).toHaveLength(1);
  });
  it('rdp: a server that selects standard RDP security has no TLS to look at', async () => {
    const port = await fake((s) => {
      s.once('data', () => s.write(confirm(0)));
    });
    await expect(
      fetchCertificates(tlsTargetFor('127.0.0.1', port, { service: 'ms-wbt-server', tls: false }, 1_000)),
    ).rejects.toBeInstanceOf(StarttlsRefused);
  });
  it('picks the preamble by port when nothing was identified', () => {
    expect(tlsTargetFor('h', 3389, null, 1).starttls).toBe('rdp');
    expect(tlsTargetFor('h', 587, null, 1).starttls).toBe('smtp');
    expect(tlsTargetFor('h', 443, null, 1).starttls).toBeUndefined();
    expect(tlsTargetFor('h', 25, { service: 'smtp', tls: true }, 1).starttls).toBeUndefined();
  });
});
