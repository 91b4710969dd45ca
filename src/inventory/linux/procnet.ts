/** Parsing /proc/net/{tcp,tcp6,udp,udp6}: listening TCP and bound, unconnected UDP sockets. */
import { formatIPv4, formatIPv6 } from '../../core/ip.js';

/** The four files and what they hold. */
export type ProcNetFile = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** Byte order of the kernel that wrote the file: addresses are printed as host-order 32-bit words. */
export type ByteOrder = 'LE' | 'BE';

/** One socket row of interest. */
export interface ProcNetRow {
  readonly transport: 'tcp' | 'udp';
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
  /** Owner uid of the socket (the uid that created it), readable without root. */
  readonly uid: number;
  /** Socket inode, decimal, as in /proc/<pid>/fd links 'socket:[inode]'. */
  readonly inode: string;
}

// The `st` column holds the kernel's TCP state number in hex; UDP reuses the TCP numbers.
const TCP_LISTEN = '0A';
const UDP_CLOSE = '07'; // a UDP socket that is bound but not connect()ed

/**
 * Decode an address column ('0100007F' or 32 hex digits) into canonical text. The kernel prints each
 * 32-bit word in host byte order, so on little-endian machines the bytes of every word are reversed.
 * @example decodeProcNetAddress('0100007F', 'LE') // { address: '127.0.0.1', family: 4 }
 */
export function decodeProcNetAddress(hex: string, order: ByteOrder = 'LE'): { address: string; family: 4 | 6 } | null {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    for (let b = 0; b < 4; b++) {
      const src = order === 'LE' ? 3 - b : b;
      bytes[word * 4 + b] = parseInt(hex.slice(word * 8 + src * 2, word * 8 + src * 2 + 2), 16);
    }
  }
  return hex.length === 8 ? { address: formatIPv4(bytes), family: 4 } : { address: formatIPv6(bytes), family: 6 };
}

// sl: local:port remote:port st tx:rx tr:when retrnsmt uid timeout inode. One regex per line, not split():
// with thousands of sockets the parse otherwise costs more than the kernel takes to print the file.
const ROW =
  /^\s*\d+:\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]{2})\s+\S+\s+\S+\s+\S+\s+(\d+)\s+\d+\s+(\d+)/;

/**
 * Rows of one /proc/net file that are listening: TCP in state LISTEN (0A); UDP in state CLOSE (07) whose
 * remote address and port are all zero (bound, not connected). Header and malformed lines are skipped.
 * @example parseProcNet(readFileSync('/proc/net/tcp', 'latin1'), 'tcp')
 */
export function parseProcNet(text: string, file: ProcNetFile, order: ByteOrder = 'LE'): ProcNetRow[] {
  const transport = file.startsWith('tcp') ? 'tcp' : 'udp';
  const wanted = transport === 'tcp' ? TCP_LISTEN : UDP_CLOSE;
  // Most sockets share a handful of bind addresses (0.0.0.0, ::, 127.0.0.1): decode each once.
  const decoded = new Map<string, { address: string; family: 4 | 6 } | null>();
  const rows: ProcNetRow[] = [];
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (m === null) continue;
    const [, localHex = '', portHex = '', remoteHex = '', remotePort = '', st = '', uid = '', inode = ''] = m;
    if (st.toUpperCase() !== wanted) continue;
    if (transport === 'udp' && (remotePort !== '0000' || !/^0+$/.test(remoteHex))) continue;
    let addr = decoded.get(localHex);
    if (addr === undefined) {
      addr = decodeProcNetAddress(localHex, order);
      decoded.set(localHex, addr);
    }
    if (addr === null) continue;
    rows.push({
      transport,
      family: addr.family,
      address: addr.address,
      port: parseInt(portHex, 16),
      uid: Number(uid),
      inode,
    });
  }
  return rows;
}
