/** Which firewall this machine uses, for commands printed without --platform. */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Platform } from './types.js';

function onPath(tool: string, path: string): boolean {
  return [...path.split(delimiter), '/usr/sbin', '/sbin']
    .filter((d) => d !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function readable(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The platform: Windows and macOS by OS; on Linux an enabled ufw, then a running firewalld (both manage the kernel's
 * tables themselves, so rules belong in them), then nft, then iptables.
 * @example detectPlatform() // 'nftables'
 */
export function detectPlatform(os: NodeJS.Platform = process.platform, path = process.env['PATH'] ?? ''): Platform {
  if (os === 'win32') return 'windows';
  if (os === 'darwin' || os === 'freebsd' || os === 'openbsd') return 'pf';
  if (/^\s*ENABLED\s*=\s*yes\s*$/m.test(readable('/etc/ufw/ufw.conf') ?? '') && onPath('ufw', path)) return 'ufw';
  if (readable('/run/firewalld/firewalld.pid') !== null || readable('/var/run/firewalld/firewalld.pid') !== null)
    return 'firewalld';
  if (onPath('nft', path)) return 'nftables';
  return onPath('iptables', path) ? 'iptables' : 'nftables';
}
