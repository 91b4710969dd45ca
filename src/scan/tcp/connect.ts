/**
 * One TCP connect attempt, kept lean: a bare net.Socket with two shared listeners, no data, no Node timer
 * (deadlines live in the engine's timer wheel), closed as soon as it connects. The outcome comes from the errno.
 */
import { Socket } from 'node:net';
import type { StateReason } from '../../core/scan.js';

/** What one attempt found. `pressure`: the local machine ran short of a resource; retry later, report nothing. */
export type ConnectOutcome =
  | { readonly kind: 'open'; readonly localAddress: string | undefined; readonly localPort: number | undefined }
  | { readonly kind: 'closed' }
  | { readonly kind: 'filtered'; readonly reason: StateReason }
  | { readonly kind: 'pressure'; readonly code: string }
  | { readonly kind: 'error'; readonly code: string };

/** A started attempt; `cancel` closes it without calling back (the engine timed it out). */
export interface ConnectHandle {
  cancel(): void;
}

/**
 * Starts an attempt; calls `done` exactly once unless cancelled first, possibly synchronously.
 * Injected in tests (for example a host that never answers).
 */
export type Connector = (host: string, port: number, done: (outcome: ConnectOutcome) => void) => ConnectHandle;

const CLOSED: ConnectOutcome = { kind: 'closed' };
const OUTCOMES: Readonly<Partial<Record<string, ConnectOutcome>>> = {
  ECONNREFUSED: CLOSED,
  // A reset during the handshake is the same answer as a refusal.
  ECONNRESET: CLOSED,
  EHOSTUNREACH: { kind: 'filtered', reason: 'host-unreach' },
  EHOSTDOWN: { kind: 'filtered', reason: 'host-unreach' },
  ENETUNREACH: { kind: 'filtered', reason: 'net-unreach' },
  ENETDOWN: { kind: 'filtered', reason: 'net-unreach' },
  // A local firewall rule that rejects the SYN (EPERM), or an ICMP administratively-prohibited (EACCES).
  EACCES: { kind: 'filtered', reason: 'admin-prohibited' },
  EPERM: { kind: 'filtered', reason: 'admin-prohibited' },
  // The kernel's own SYN retries ran out before our deadline did: a timeout like ours.
  ETIMEDOUT: { kind: 'filtered', reason: 'timeout' },
};
/** Shortages of this machine, not answers of the target. */
const PRESSURE = new Set([
  'EMFILE',
  'ENFILE',
  'ENOBUFS',
  'ENOMEM',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'EAGAIN',
  'EWOULDBLOCK',
]);

/**
 * The outcome an error code means.
 * @example classifyError('ECONNREFUSED') // { kind: 'closed' }
 */
export function classifyError(code: string | undefined): ConnectOutcome {
  if (code === undefined) return { kind: 'error', code: 'UNKNOWN' };
  const known = OUTCOMES[code];
  if (known !== undefined) return known;
  return PRESSURE.has(code) ? { kind: 'pressure', code } : { kind: 'error', code };
}

/** One attempt's state; the listeners are shared functions, so an attempt allocates no closures. */
interface Attempt extends ConnectHandle {
  readonly socket: Socket;
  done: ((outcome: ConnectOutcome) => void) | null;
}

const ATTEMPT = Symbol('attempt');
type Tagged = Socket & { [ATTEMPT]: Attempt };

function onConnect(this: Socket): void {
  const a = (this as Tagged)[ATTEMPT];
  const done = a.done;
  a.done = null;
  // getsockname happens only here, on the rare open port, for the self-connect check.
  const outcome: ConnectOutcome = { kind: 'open', localAddress: this.localAddress, localPort: this.localPort };
  // An orderly close (FIN), not a reset: a service that does not handle ECONNRESET on an accepted socket
  // (a Node server without an 'error' listener, say) would crash on a RST, and scanning must not do that.
  this.destroy();
  if (done !== null) done(outcome);
}

function onError(this: Socket, err: NodeJS.ErrnoException): void {
  const a = (this as Tagged)[ATTEMPT];
  const done = a.done;
  a.done = null;
  if (done !== null) done(classifyError(err.code));
}

function cancel(this: Attempt): void {
  this.done = null;
  this.socket.destroy();
}

/**
 * The real connector: a net.Socket to `host` (an IP literal, so no DNS lookup happens) and `port`.
 * @example const h = tcpConnect('127.0.0.1', 22, (o) => { console.log(o.kind); });
 */
export const tcpConnect: Connector = (host, port, done) => {
  const socket = new Socket();
  const attempt: Attempt = { socket, done, cancel };
  (socket as Tagged)[ATTEMPT] = attempt;
  socket.once('connect', onConnect);
  socket.on('error', onError);
  socket.connect(port, host);
  return attempt;
};
