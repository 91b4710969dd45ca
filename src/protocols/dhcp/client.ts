/**
 * Thin DHCP I/O for the dhcp-discover check: one request sent out of one named interface, every server's reply
 * collected for a time window. Node cannot bind a socket to a device, so the request never goes to
 * 255.255.255.255 (which could leave by the default route): it goes to the interface's directed broadcast (or a
 * unicast address on its subnet), and on Linux the route of that address is checked to go out of the interface.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { NetworkError, PortwardenError } from '../../core/errors.js';
import { parseDhcpReply, probeDhcp, type DhcpReply } from './codec.js';

/** An interface's IPv4 address, netmask and directed broadcast. */
export interface Ipv4Interface {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
  readonly broadcast: string;
}

const toInt = (a: string): number => a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const toDotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');

/** Whether `address` is in the subnet of `iface`. */
export function onSubnet(iface: Ipv4Interface, address: string): boolean {
  const mask = toInt(iface.netmask);
  return /^\d+\.\d+\.\d+\.\d+$/.test(address) && ((toInt(address) ^ toInt(iface.address)) & mask) >>> 0 === 0;
}

/** The first IPv4 address of interface `name`, with its directed broadcast; null when it has none usable. */
export function ipv4Interface(name: string): Ipv4Interface | null {
  const entry = (networkInterfaces()[name] ?? []).find((a) => a.family === 'IPv4' && !a.internal);
  if (entry === undefined) return null;
  const mask = toInt(entry.netmask);
  // /31 and /32 have no broadcast address.
  if (mask >>> 0 >= 0xfffffffe) return null;
  return {
    name,
    address: entry.address,
    netmask: entry.netmask,
    broadcast: toDotted(((toInt(entry.address) & mask) | (~mask >>> 0)) >>> 0),
  };
}

/** On Linux, fail unless the kernel routes `destination` out of `iface` (ip route get). */
export function assertRouteThrough(destination: string, iface: string): Promise<void> {
  if (process.platform !== 'linux') return Promise.resolve();
  return new Promise((resolve, reject) => {
    execFile('ip', ['-o', 'route', 'get', destination], { timeout: 3_000 }, (err, stdout) => {
      if (err !== null) {
        reject(new PortwardenError('COMMAND_FAILED', `ip route get ${destination} failed: ${err.message}`));
      } else if (!new RegExp(`\\bdev ${iface.replace(/[^\w.-]/g, '')}\\b`).test(stdout)) {
        reject(new PortwardenError('USAGE', `${destination} is not routed out of ${iface}: ${stdout.trim()}`));
      } else resolve();
    });
  });
}

/** One server's answer, with the address it came from. */
export interface DhcpAnswer {
  readonly from: string;
  readonly reply: DhcpReply;
}

export interface DhcpRequest {
  readonly iface: Ipv4Interface;
  /** The interface's directed broadcast, or a unicast address on its subnet. */
  readonly destination: string;
  readonly messageType: 'inform' | 'discover';
  readonly xid: number;
  readonly chaddr: Uint8Array;
  /** How long replies are collected. */
  readonly windowMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Send one DHCPDISCOVER or DHCPINFORM from port 68 to `destination`:67 and collect the replies to its xid for
 * `windowMs`, at most 32, one per source address. Needs the right to bind port 68 (root or CAP_NET_BIND_SERVICE).
 */
export async function dhcpCollect(request: DhcpRequest): Promise<DhcpAnswer[]> {
  const { iface, destination, signal } = request;
  if (destination !== iface.broadcast && !onSubnet(iface, destination)) {
    throw new PortwardenError('USAGE', `${destination} is not on ${iface.name}'s subnet`);
  }
  await assertRouteThrough(destination, iface.name);
  const payload = probeDhcp({
    xid: request.xid,
    chaddr: request.chaddr,
    messageType: request.messageType,
    broadcast: request.messageType === 'discover',
    // An INFORM names the client's own address: the server answers it there, at port 68.
    ...(request.messageType === 'inform' && { ciaddr: iface.address }),
  });
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new NetworkError('TIMEOUT', 'aborted'));
      return;
    }
    // Port 68 on every address: offers come back broadcast to 255.255.255.255, or unicast to ciaddr.
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const answers = new Map<string, DhcpAnswer>();
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err === null) resolve([...answers.values()]);
      else reject(err);
    };
    const onAbort = (): void => {
      finish(null);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (msg, rinfo) => {
      const reply = parseDhcpReply(msg, request.xid);
      if (reply === null || answers.size >= 32) return;
      // Replies that arrive on another interface's subnet are not from this segment.
      if (!onSubnet(iface, rinfo.address) && rinfo.address !== '0.0.0.0') return;
      const key = reply.serverId ?? rinfo.address;
      if (!answers.has(key)) answers.set(key, { from: rinfo.address, reply });
    });
    socket.on('error', (err) => {
      finish(new NetworkError('NETWORK', err.message, { cause: err }));
    });
    socket.bind(68, () => {
      socket.setBroadcast(true);
      socket.send(payload, 67, destination, (err) => {
        if (err !== null) finish(new NetworkError('NETWORK', err.message, { cause: err }));
        else
          timer = setTimeout(() => {
            finish(null);
          }, request.windowMs);
      });
    });
  });
}
