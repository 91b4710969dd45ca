/** Facts about this machine the audit needs: its name, addresses and IPv6 bind default. */
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import type { HostAddress } from '../assess/exposure.js';

/** Every address of every interface of this machine (this network namespace). */
export function hostAddresses(): HostAddress[] {
  const out: HostAddress[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) out.push({ interface: name, address: a.address, family: a.family === 'IPv6' ? 6 : 4 });
  }
  return out;
}

/** Linux's net.ipv6.bindv6only: when 1, a '::' socket takes IPv6 only unless the program says otherwise. */
export function bindV6OnlyDefault(): boolean {
  try {
    return readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

export function hostName(): string {
  return hostname();
}

/** Whether this process runs as root. (On Windows, where there is no euid, the inventory says what it could see.) */
export function isPrivileged(): boolean {
  return process.geteuid?.() === 0;
}
