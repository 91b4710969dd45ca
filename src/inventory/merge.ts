/** Folding per-process rows into one socket each, and the one order every adapter reports sockets in. */
import type { ListeningSocket, ProcessInfo } from '../core/socket.js';

/** One tool row: a socket as one process sees it (lsof and netstat print a socket once per holder). */
export type SocketRow = Omit<ListeningSocket, 'processes'> & {
  /** The holder, or null when the tool names none (Windows PID 0). */
  readonly process: ProcessInfo | null;
};

/**
 * The identity under which two rows are the same socket: transport, address, scope, port and socket id.
 * @example socketKey({ transport: 'tcp', family: 4, address: '0.0.0.0', scope: null, port: 22, id: null }) // 'tcp|0.0.0.0|||22|'
 */
export function socketKey(s: Pick<ListeningSocket, 'transport' | 'address' | 'scope' | 'port' | 'id'>): string {
  return `${s.transport}|${s.address}|${s.scope ?? ''}|${s.port}|${s.id ?? ''}`;
}

/**
 * Merge rows naming the same socket; the processes of the result are unique by pid and ordered by pid.
 * The first row's uid and user are kept unless a later row knows them and it does not.
 * @example mergeRows([rowFromPid1, rowFromPid2]) // one socket held by both
 */
export function mergeRows(rows: Iterable<SocketRow>): ListeningSocket[] {
  const bySocket = new Map<
    string,
    { base: SocketRow; uid: number | null; user: string | null; procs: Map<number, ProcessInfo> }
  >();
  for (const row of rows) {
    const key = socketKey(row);
    let entry = bySocket.get(key);
    if (entry === undefined) {
      entry = { base: row, uid: row.uid, user: row.user, procs: new Map() };
      bySocket.set(key, entry);
    }
    entry.uid ??= row.uid;
    entry.user ??= row.user;
    if (row.process !== null && row.process.pid > 0 && !entry.procs.has(row.process.pid))
      entry.procs.set(row.process.pid, row.process);
  }
  return sortSockets(
    [...bySocket.values()].map(({ base, uid, user, procs }) => ({
      transport: base.transport,
      family: base.family,
      address: base.address,
      scope: base.scope,
      port: base.port,
      uid,
      user,
      processes: [...procs.values()].sort((a, b) => a.pid - b.pid),
      id: base.id,
    })),
  );
}

/**
 * Sort sockets the way every adapter reports them: TCP first, then by port, family, address, scope, id.
 * @example sortSockets(sockets)[0].transport // 'tcp' when there is any TCP listener
 */
export function sortSockets(sockets: ListeningSocket[]): ListeningSocket[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return sockets.sort(
    (a, b) =>
      cmp(a.transport, b.transport) ||
      a.port - b.port ||
      a.family - b.family ||
      cmp(a.address, b.address) ||
      cmp(a.scope ?? '', b.scope ?? '') ||
      cmp(a.id ?? '', b.id ?? ''),
  );
}
