/**
 * The SSH-lockout guard: `fix --apply` run over SSH must never drop the session it runs in. OpenSSH puts the
 * session's endpoints in SSH_CONNECTION ("client-ip client-port server-ip server-port").
 */
import { canonicalAddress } from '../core/ip.js';
import { cidrContains, parseCidr, type Cidr } from './cidr.js';
import type { FirewallRule } from './types.js';

export interface SshSession {
  readonly clientIp: string;
  readonly clientPort: number;
  readonly serverIp: string;
  readonly serverPort: number;
}

/**
 * The session in SSH_CONNECTION, or null when unset or malformed.
 * @example parseSshConnection('203.0.113.9 50022 203.0.113.1 22')?.serverPort // 22
 */
export function parseSshConnection(value: string | undefined): SshSession | null {
  if (value === undefined) return null;
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 4) return null;
  const [client, clientPort, server, serverPort] = parts as [string, string, string, string];
  const c = canonicalAddress(client.replace(/%.*$/, ''));
  const s = canonicalAddress(server.replace(/%.*$/, ''));
  const cp = Number(clientPort);
  const sp = Number(serverPort);
  const port = (n: number): boolean => Number.isInteger(n) && n > 0 && n <= 65535;
  if (c === null || s === null || !port(cp) || !port(sp)) return null;
  return { clientIp: c.address, clientPort: cp, serverIp: s.address, serverPort: sp };
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}

/**
 * Whether `rule` would drop the session: same TCP port as the server end, and a client the rule does not spare
 * (portwarden's rules spare loopback and the `--allow-from` ranges).
 * @example ruleCutsSession({ transport: 'tcp', port: 22, allowFrom: [] }, session) // true
 */
export function ruleCutsSession(rule: FirewallRule, session: SshSession): boolean {
  if (rule.transport !== 'tcp' || rule.port !== session.serverPort) return false;
  if (isLoopback(session.clientIp) || isLoopback(session.serverIp)) return false;
  const allowed = rule.allowFrom.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== null);
  return !allowed.some((c) => cidrContains(c, session.clientIp));
}
