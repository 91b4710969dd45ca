/** Who can reach a listening socket, from its bind address and the machine's own addresses. */
import type { ListeningSocket } from '../core/socket.js';
import { classifyAddress, isIpv4Mapped, type AddressClass } from './address.js';

/** How the socket is bound. */
export type BindScope = 'all' | 'specific' | 'link-local' | 'loopback';

/** The widest place the socket can be reached from, if no firewall intervenes. */
export type Reach = 'internet' | 'lan' | 'loopback';

/** One address of this machine. */
export interface HostAddress {
  readonly interface: string;
  readonly address: string;
  readonly family: 4 | 6;
}

export interface Exposure {
  readonly scope: BindScope;
  readonly reach: Reach;
  /** Interfaces the socket answers on ('*' for all). */
  readonly interfaces: readonly string[];
  /** For '::' binds: also reachable over IPv4, unless the program set IPV6_V6ONLY (null: cannot tell). */
  readonly dualStack: boolean | null;
  readonly ipv4Mapped: boolean;
}

function reachOf(classes: readonly AddressClass[]): Reach {
  if (classes.includes('global')) return 'internet';
  if (classes.some((c) => c === 'private' || c === 'link-local')) return 'lan';
  return 'loopback';
}

/**
 * The exposure of a socket on a machine with `host` addresses. An all-interfaces bind reaches as far
 * as the widest address of the machine (a global address means the internet, unless a firewall or
 * NAT in front says otherwise; private addresses mean the LAN).
 * @example exposureOf({ address: '127.0.0.1', family: 4, scope: null } as ListeningSocket, []).reach // 'loopback'
 */
export function exposureOf(
  socket: Pick<ListeningSocket, 'address' | 'family' | 'scope'>,
  host: readonly HostAddress[],
  bindV6Only = false,
): Exposure {
  const cls = classifyAddress(socket.address);
  const ipv4Mapped = isIpv4Mapped(socket.address);
  if (cls === 'unspecified') {
    const dualStack = socket.family === 6 ? !bindV6Only : null;
    const families = new Set<number>(socket.family === 4 ? [4] : dualStack === true ? [4, 6] : [6]);
    const relevant = host.filter((h) => families.has(h.family));
    const scoped = socket.scope === null ? relevant : relevant.filter((h) => h.interface === socket.scope);
    const reach = reachOf(scoped.map((h) => classifyAddress(h.address)));
    return {
      scope: 'all',
      reach,
      interfaces: socket.scope === null ? ['*'] : [socket.scope],
      dualStack: socket.family === 6 ? dualStack : null,
      ipv4Mapped,
    };
  }
  const owners = host.filter((h) => h.address === socket.address).map((h) => h.interface);
  const interfaces = socket.scope !== null ? [socket.scope] : owners;
  if (cls === 'loopback') return { scope: 'loopback', reach: 'loopback', interfaces, dualStack: null, ipv4Mapped };
  if (cls === 'link-local') return { scope: 'link-local', reach: 'lan', interfaces, dualStack: null, ipv4Mapped };
  return { scope: 'specific', reach: cls === 'global' ? 'internet' : 'lan', interfaces, dualStack: null, ipv4Mapped };
}
