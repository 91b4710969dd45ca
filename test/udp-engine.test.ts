// The UDP engine against fake UDP servers on 127.0.0.1: one that answers, one that never does, one that answers
// garbage, one that answers from another port (as TFTP does), and ports nobody listens on.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDnsReply, probeDns } from '../src/protocols/dns/codec.js';
import type { PortObserved } from '../src/core/scan.js';
import { scanUdp, type UdpScanOptions } from '../src/scan/udp/engine.js';
import { udpProbe } from '../src/scan/udp/probes.js';

const HOST = '127.0.0.1';
/** Fixed "random" bytes, so the probes' ids are known: every id is 0x4242…. */
const fixedRandom = (n: number): Uint8Array => new Uint8Array(n).fill(0x42);

interface FakeServer {
  readonly port: number;
  readonly received: Buffer[];
  readonly socket: Socket;
}

const servers: Socket[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) =>
          s.close(() => {
            resolve();
          }),
        ),
    ),
  );
});

async function fake(answer: (msg: Buffer, from: RemoteInfo, socket: Socket) => void): Promise<FakeServer> {
  const socket = createSocket('udp4');
  servers.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (msg, from) => {
    received.push(msg);
    answer(msg, from, socket);
  });
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  return { port: socket.address().port, received, socket };
}

/** Ports that were free a moment ago: bound, noted, closed. */
async function closedPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((resolve) => s.bind(0, HOST, resolve));
    ports.push(s.address().port);
    await new Promise<void>((resolve) =>
      s.close(() => {
        resolve();
      }),
    );
  }
  return ports;
}

async function scan(ports: number[], options: UdpScanOptions = {}, signal?: AbortSignal): Promise<PortObserved[]> {
  const out: PortObserved[] = [];
  for await (const e of scanUdp([HOST], ports, { timeoutMs: 150, retries: 1, ...options }, signal)) out.push(e);
  return out.sort((a, b) => a.port - b.port);
}

const udpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
/** Let sockets closed by the previous step finish closing (close() completes on a later turn of the loop). */
const settle = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 20));

describe('scanUdp on loopback', () => {
  it('reports a port that answers as open, with the reply and its round-trip time', async () => {
    const server = await fake((_msg, from, s) => {
      s.send(Buffer.from('hello'), from.port, from.address);
    });
    const [event] = await scan([server.port]);
    expect(event).toMatchObject({
      type: 'port',
      host: HOST,
      transport: 'udp',
      port: server.port,
      state: 'open',
      reason: 'udp-response',
      replyHex: Buffer.from('hello').toString('hex'),
    });
    expect(event?.rttMs).toBeGreaterThanOrEqual(0);
    expect(event?.rttMs).toBeLessThan(150);
    // An unknown port gets one empty datagram, and the answer ends the probe: no resend.
    expect(server.received).toEqual([Buffer.alloc(0)]);
  });

  it('reports a port that answers garbage as open too, and caps replyHex at 256 bytes', async () => {
    const server = await fake((_msg, from, s) => {
      s.send(Buffer.alloc(4000, 0xff), from.port, from.address);
    });
    const [event] = await scan([server.port]);
    expect(event).toMatchObject({ state: 'open', reason: 'udp-response' });
    expect(event?.replyHex).toBe('ff'.repeat(256));
  });

  it('resends `retries` times to a silent port, then calls it open|filtered', async () => {
    const server = await fake(() => undefined);
    const started = performance.now();
    const [event] = await scan([server.port], { timeoutMs: 100, retries: 2 });
    expect(event).toMatchObject({ state: 'open|filtered', reason: 'no-response', rttMs: null });
    expect(event).not.toHaveProperty('replyHex');
    expect(server.received).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('reports a port nobody listens on as closed (ICMP port unreachable → ECONNREFUSED)', async () => {
    const [port] = await closedPorts(1);
    const events = await scan([port ?? 0], { timeoutMs: 2000 });
    expect(events).toEqual([
      { type: 'port', host: HOST, transport: 'udp', port, state: 'closed', reason: 'conn-refused', rttMs: null },
    ]);
  });

  it('sends the protocol payload of the service mapped to a port', async () => {
    const server = await fake((msg, from, s) => {
      // Answer like a DNS server: same id, QR set.
      const reply = Buffer.from(msg);
      reply[2] = 0x84;
      s.send(reply, from.port, from.address);
    });
    const [event] = await scan([server.port], { services: new Map([[server.port, 'dns']]), random: fixedRandom });
    expect(server.received[0]).toEqual(Buffer.from(probeDns(0x4242)));
    const reply = Buffer.from(event?.replyHex ?? '', 'hex');
    expect(parseDnsReply(reply, 0x4242)).toMatchObject({ id: 0x4242, authoritative: true });
    expect(udpProbe('dns', 4, fixedRandom).parse(reply)).toMatchObject({ service: 'dns' });
  });

  it('hears a TFTP-like server that answers from a new port, and only from the probed host', async () => {
    const tid = createSocket('udp4');
    servers.push(tid);
    await new Promise<void>((resolve) => tid.bind(0, HOST, resolve));
    const server = await fake((_msg, from) => {
      // The error comes from the transfer socket (another port), as RFC 1350 servers do.
      tid.send(Buffer.from('\x00\x05\x00\x01File not found\x00', 'latin1'), from.port, from.address);
    });
    const services = new Map([[server.port, 'tftp' as const]]);
    const [event] = await scan([server.port], { services });
    expect(event).toMatchObject({ state: 'open', reason: 'udp-response' });
    expect(udpProbe('tftp', 4, fixedRandom).parse(Buffer.from(event?.replyHex ?? '', 'hex'))).toEqual({
      service: 'tftp',
      reply: { opcode: 'error', code: 1, message: 'File not found' },
    });
    expect(Buffer.from(server.received[0] ?? '').toString('latin1')).toBe('\x00\x01portwarden-probe.txt\x00octet\x00');
    // Without the TFTP mapping the connected socket alone drops the answer from the other port.
    const [plain] = await scan([server.port], { timeoutMs: 100, retries: 0 });
    expect(plain).toMatchObject({ state: 'open|filtered', reason: 'no-response' });
  });

  it('still reports a closed port as closed when it is probed as TFTP (two sockets on one local port)', async () => {
    const [port = 0] = await closedPorts(1);
    const [event] = await scan([port], { services: new Map([[port, 'tftp' as const]]), timeoutMs: 2000 });
    expect(event).toMatchObject({ state: 'closed', reason: 'conn-refused' });
  });

  it('scans many ports of several hosts, one event each, with at most `concurrency` sockets open', async () => {
    const arrivals: number[] = [];
    const silent = await Promise.all([1, 2, 3, 4, 5, 6].map(() => fake(() => arrivals.push(performance.now()))));
    const events = await scan(
      silent.map((s) => s.port),
      { concurrency: 2, timeoutMs: 100, retries: 0 },
    );
    expect(events.map((e) => e.state)).toEqual(Array(6).fill('open|filtered'));
    // Two probes at a time, each waiting 100 ms: datagrams arrive in pairs, 100 ms apart.
    arrivals.sort((a, b) => a - b);
    const [a0 = 0, , a2 = 0, , a4 = 0] = arrivals;
    expect(arrivals).toHaveLength(6);
    expect(a2 - a0).toBeGreaterThanOrEqual(90);
    expect(a4 - a2).toBeGreaterThanOrEqual(90);
    const both: PortObserved[] = [];
    const ports = await closedPorts(3);
    for await (const e of scanUdp(['127.0.0.1', '::1'], ports, { timeoutMs: 1000 })) both.push(e);
    expect(both).toHaveLength(6);
    expect(new Set(both.map((e) => `${e.host} ${e.port}`)).size).toBe(6);
    expect(both.every((e) => e.state === 'closed')).toBe(true);
  });

  it('paces datagrams to ratePerSecond', async () => {
    const ports = await closedPorts(6);
    const started = performance.now();
    const events = await scan(ports, { ratePerSecond: 20 });
    expect(events.every((e) => e.state === 'closed')).toBe(true);
    // Six datagrams 50 ms apart: the last leaves 250 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('stops at once on abort, rejecting with an AbortError, and leaves no socket or timer behind', async () => {
    const silent = await Promise.all([1, 2, 3].map(() => fake(() => undefined)));
    await settle();
    const before = udpHandles();
    const timersBefore = timers();
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 50);
    const started = performance.now();
    const run = scan(
      silent.map((s) => s.port),
      { timeoutMs: 5000, retries: 5, ratePerSecond: 1 },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    await settle();
    expect(udpHandles()).toBe(before);
    // Only the test runner's own timer is left (the abort timer has fired).
    expect(timers()).toBe(timersBefore);
  });

  it('closes its sockets when the consumer stops iterating early', async () => {
    const answer = await fake((_msg, from, s) => {
      s.send(Buffer.from('x'), from.port, from.address);
    });
    const silent = await Promise.all([1, 2, 3].map(() => fake(() => undefined)));
    await settle();
    const before = udpHandles();
    for await (const e of scanUdp([HOST], [answer.port, ...silent.map((s) => s.port)], { timeoutMs: 5000 })) {
      expect(e.state).toBe('open');
      break;
    }
    await settle();
    expect(udpHandles()).toBe(before);
  });

  it('refuses bad ports, bad options and names that are not addresses', async () => {
    await expect(scan([0])).rejects.toMatchObject({ code: 'BAD_PORT_SPEC' });
    await expect(scan([70000])).rejects.toMatchObject({ code: 'BAD_PORT_SPEC' });
    await expect(scan([53], { concurrency: 0 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(scan([53], { timeoutMs: -1 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(scan([53], { ratePerSecond: 0 })).rejects.toMatchObject({ code: 'USAGE' });
    const names = scanUdp(['localhost'], [53]);
    await expect(names.next()).rejects.toMatchObject({ code: 'USAGE' });
    await expect(scan([53], {}, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
