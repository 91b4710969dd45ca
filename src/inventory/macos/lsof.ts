/**
 * Parsing lsof's listing of Internet sockets on macOS.
 *
 * The adapter asks for field output (`lsof -nP -iTCP -sTCP:LISTEN -iUDP -FpcuLftdPnT`): one field per line, each
 * tagged by a letter, a new process at every 'p' and a new file at every 'f'. The human table is worse to parse:
 * its COMMAND column is cut to 9 characters (unless `+c 0`), columns are aligned by padding that shifts with the
 * widest value, empty columns leave nothing to split on, and it carries no uid. Field output has none of these
 * problems. The table parser stays for captures people paste (`lsof -nP -iTCP -sTCP:LISTEN`).
 */
import { canonicalAddress, formatIPv6, parseEndpoint, parseIPv6 } from '../../core/ip.js';
import type { SocketRow } from '../merge.js';

/** The lsof arguments whose output `parseLsofFields` reads. */
export const LSOF_ARGS: readonly string[] = ['-nP', '-iTCP', '-sTCP:LISTEN', '-iUDP', '-FpcuLftdPnT'];

/**
 * Undo lsof's escaping of bytes it deems unprintable: '\xNN' (and '\\' for a backslash) back to UTF-8 text.
 * lsof escapes every byte of a non-ASCII name, and spaces in the table's COMMAND column.
 * @example unescapeLsof('\\xe5\\xbe\\xae\\xe4\\xbf\\xa1') // '微信'
 */
export function unescapeLsof(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length;) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(text.slice(i, i + 4));
    if (m !== null) {
      bytes.push(parseInt(m[1] ?? '0', 16));
      i += 4;
    } else if (text.startsWith('\\\\', i)) {
      bytes.push(0x5c);
      i += 2;
    } else {
      const cp = text.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Turn an lsof NAME ('*:22', '127.0.0.1:631', '[::1]:631', '[fe80:4::1]:123') into address, family, scope, port;
 * null for connected sockets ('a->b') and unbound ones ('*:*'). `type` ('IPv4'/'IPv6') decides what '*' means.
 * macOS keeps a link-local address's interface index inside its second 16-bit group (KAME), and lsof prints
 * it that way; the index is moved to `scope`.
 * @example parseLsofName('[fe80:4::1]:123', 'IPv6') // { address: 'fe80::1', family: 6, scope: '4', port: 123 }
 */
export function parseLsofName(
  name: string,
  type: string,
): { address: string; family: 4 | 6; scope: string | null; port: number } | null {
  if (name.includes('->')) return null;
  const ep = parseEndpoint(name.trim());
  if (ep === null) return null;
  if (ep.host === '*') {
    return type.toUpperCase() === 'IPV6'
      ? { address: '::', family: 6, scope: ep.scope, port: ep.port }
      : { address: '0.0.0.0', family: 4, scope: ep.scope, port: ep.port };
  }
  const canon = canonicalAddress(ep.host);
  if (canon === null) return null;
  let { address } = canon;
  let scope = ep.scope;
  if (canon.family === 6) {
    const bytes = parseIPv6(ep.host);
    const linkScoped =
      bytes !== null && ((bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80) || bytes[0] === 0xff);
    if (linkScoped && (bytes[2] !== 0 || bytes[3] !== 0)) {
      scope ??= String(((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0));
      bytes[2] = 0;
      bytes[3] = 0;
      address = formatIPv6(bytes);
    }
  }
  return { address, family: canon.family, scope, port: ep.port };
}

interface ProcState {
  pid: number;
  name: string;
  uid: number | null;
  user: string | null;
}

interface FileState {
  type: string;
  device: string | null;
  protocol: string;
  name: string | null;
  tcpState: string | null;
}

function rowOf(proc: ProcState, file: FileState): SocketRow | null {
  const transport = file.protocol.toUpperCase();
  if (file.name === null || (transport !== 'TCP' && transport !== 'UDP')) return null;
  if (transport === 'TCP' && file.tcpState !== null && file.tcpState !== 'LISTEN') return null;
  const ep = parseLsofName(file.name, file.type);
  if (ep === null) return null;
  return {
    transport: transport === 'TCP' ? 'tcp' : 'udp',
    ...ep,
    uid: proc.uid,
    user: proc.user,
    id: file.device,
    process: proc.pid > 0 ? { pid: proc.pid, name: proc.name, command: null, user: proc.user } : null,
  };
}

/**
 * Parse `lsof -F` output (fields p c u L f t d P n T, newline-terminated) into one row per process and socket.
 * TCP files whose TST is not LISTEN, connected UDP files and files without a port are left out.
 * @example parseLsofFields('p1\nclaunchd\nu0\nLroot\nf8\ntIPv6\nd0x1\nPTCP\nn*:22\nTST=LISTEN\n')
 */
export function parseLsofFields(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  let proc: ProcState | null = null;
  let file: FileState | null = null;
  const flush = (): void => {
    if (proc !== null && file !== null) {
      const row = rowOf(proc, file);
      if (row !== null) rows.push(row);
    }
    file = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const tag = line[0];
    const value = line.slice(1);
    switch (tag) {
      case 'p':
        flush();
        proc = { pid: Number(value), name: '', uid: null, user: null };
        break;
      case 'c':
        if (proc !== null) proc.name = unescapeLsof(value);
        break;
      case 'u':
        if (proc !== null && /^\d+$/.test(value)) proc.uid = Number(value);
        break;
      case 'L':
        if (proc !== null) proc.user = value;
        break;
      case 'f':
        flush();
        file = { type: '', device: null, protocol: '', name: null, tcpState: null };
        break;
      case 't':
        if (file !== null) file.type = value;
        break;
      case 'd':
        if (file !== null) file.device = value;
        break;
      case 'P':
        if (file !== null) file.protocol = value;
        break;
      case 'n':
        if (file !== null) file.name = value;
        break;
      case 'T':
        if (file !== null && value.startsWith('ST=')) file.tcpState = value.slice(3);
        break;
      default:
        break; // fields we did not ask for: ignore, do not fail
    }
  }
  flush();
  return rows;
}

/**
 * Parse lsof's human table (`lsof -nP -iTCP -sTCP:LISTEN -iUDP`): COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME.
 * The NODE column ('TCP'/'UDP') anchors each row, so a missing SIZE/OFF does not shift the name. USER may be
 * a uid when the name is unknown; then it fills `uid` rather than `user`.
 * @example parseLsofTable('COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\nsshd 1 root 3u IPv4 0x1 0t0 TCP *:22 (LISTEN)\n')
 */
export function parseLsofTable(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7 || f[0] === 'COMMAND' || !/^\d+$/.test(f[1] ?? '')) continue;
    const node = f.findIndex((tok, i) => i >= 5 && (tok === 'TCP' || tok === 'UDP'));
    if (node < 0) continue;
    let name = f.slice(node + 1).join(' ');
    let tcpState: string | null = null;
    const state = /\s*\(([A-Z_]+)\)$/.exec(name);
    if (state !== null) {
      tcpState = state[1] ?? null;
      name = name.slice(0, state.index);
    }
    const userText = f[2] ?? '';
    const numericUser = /^\d+$/.test(userText);
    const proc: ProcState = {
      pid: Number(f[1]),
      name: unescapeLsof(f[0] ?? ''),
      uid: numericUser ? Number(userText) : null,
      user: numericUser ? null : userText,
    };
    const device = f[5] ?? '';
    const row = rowOf(proc, {
      type: f[4] ?? '',
      device: /^0x[0-9a-f]+$/i.test(device) ? device : null,
      protocol: f[node] ?? '',
      name,
      tcpState: f[node] === 'TCP' ? tcpState : null,
    });
    if (row !== null) rows.push(row);
  }
  return rows;
}

/**
 * Parse either form: the table when the text starts with lsof's COMMAND header, field output otherwise.
 * @example parseLsof(stdout)
 */
export function parseLsof(text: string): SocketRow[] {
  return /^\s*COMMAND\s+PID\s/.test(text) ? parseLsofTable(text) : parseLsofFields(text);
}
