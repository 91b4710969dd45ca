import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortObserved, ScanEvent } from '../core/scan.js';
import type { Check } from '../checks/types.js';
import { SignatureMatcher } from '../identify/match.js';
import { BANNER_PROBE } from '../identify/sources.js';
import type { SignatureData } from '../identify/types.js';
import { inspect } from './inspect.js';

const DATA: SignatureData = {
  version: 1,
  probes: [BANNER_PROBE],
  signatures: [
    {
      probe: 'banner',
      service: 'ftp',
      pattern: '^220 ([A-Za-z]+)FTP',
      flags: '',
      product: '$1',
      soft: false,
      file: 't',
    },
  ],
};

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((s) => {
    s.on('error', () => undefined);
    s.end('220 TestFTP ready\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
});

const portEvent = (p: number, state: PortObserved['state']): PortObserved => ({
  type: 'port',
  host: '127.0.0.1',
  transport: 'tcp',
  port: p,
  state,
  reason: state === 'open' ? 'syn-ack' : 'conn-refused',
  rttMs: 0.1,
});

async function* scan(events: ScanEvent[]): AsyncGenerator<ScanEvent> {
  for (const e of events) {
    await new Promise((r) => setTimeout(r, 1));
    yield e;
  }
}

describe('inspect', () => {
  it('passes the scan through and adds service and check results for open ports only', async () => {
    const ran: number[] = [];
    const check: Check = {
      id: 'ftp-test',
      title: { en: 'test', zh: '测试' },
      categories: ['safe'],
      references: [],
      applies: { transport: 'tcp', services: ['ftp'] },
      run: (ctx) => {
        ran.push(ctx.target.port);
        return Promise.resolve({
          status: 'ok',
          evidence: { product: ctx.target.service?.product ?? null },
          findings: [],
        });
      },
    };
    const events: ScanEvent[] = [];
    const input = [portEvent(1, 'closed'), portEvent(port, 'open'), portEvent(2, 'filtered')];
    const options = {
      checks: [check],
      identify: true,
      intrusive: false,
      args: {},
      identifyOptions: { data: DATA, matcher: new SignatureMatcher(DATA), bannerWaitMs: 500, probeWaitMs: 200 },
    };
    for await (const e of inspect(scan(input), options)) events.push(e);
    expect(events.filter((e) => e.type === 'port')).toHaveLength(3);
    expect(events.find((e) => e.type === 'service')).toMatchObject({
      port,
      service: { service: 'ftp', product: 'Test' },
    });
    expect(events.find((e) => e.type === 'check')).toMatchObject({
      port,
      check: 'ftp-test',
      status: 'ok',
      evidence: { product: 'Test' },
    });
    expect(ran).toEqual([port]);
  });

  it('bounds how many ports are inspected at once and still inspects every one', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Check = {
      id: 'slow',
      title: { en: 'slow', zh: '慢' },
      categories: ['safe'],
      references: [],
      applies: { transport: 'tcp', ports: [port] },
      run: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight -= 1;
        return { status: 'ok', evidence: {}, findings: [] };
      },
    };
    const hosts = Array.from({ length: 10 }, () => portEvent(port, 'open'));
    let checks = 0;
    const options = {
      checks: [slow],
      identify: false,
      intrusive: false,
      args: {},
      concurrency: 3,
      identifyOptions: { data: DATA, matcher: new SignatureMatcher(DATA), bannerWaitMs: 200, probeWaitMs: 100 },
    };
    for await (const e of inspect(scan(hosts), options)) if (e.type === 'check') checks += 1;
    expect(checks).toBe(10);
    expect(peak).toBeLessThanOrEqual(3);
  });
});
