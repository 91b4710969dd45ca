/**
 * Thin SMB client I/O for checks: one TCP connection (with the NetBIOS session request first on port 139), SMB
 * messages framed by the session service, every read capped in bytes and time. Protocol logic is in the codecs.
 */
import { randomBytes } from 'node:crypto';
import { NetworkError } from '../../core/errors.js';
import {
  NBSS_KEEPALIVE,
  NBSS_MESSAGE,
  NBSS_NEGATIVE,
  NBSS_POSITIVE,
  nbssFramer,
  nbssMessage,
  nbssNegativeReason,
  nbssSessionRequest,
  parseNbssPacket,
} from '../netbios/codec.js';
import { openStream, type Stream } from '../net/stream.js';
import {
  parseSmb2Negotiate,
  parseSmb2SessionSetup,
  parseSmb2TreeConnect,
  smb2LogoffRequest,
  smb2NegotiateRequest,
  smb2SessionSetupRequest,
  smb2TreeConnectRequest,
  STATUS_MORE_PROCESSING_REQUIRED,
  type Smb2Negotiate,
} from './codec.js';
import {
  findNtlmssp,
  ntlmAnonymousAuthenticate,
  ntlmNegotiate,
  parseNtlmChallenge,
  spnegoInit,
  spnegoResponse,
  type NtlmChallenge,
} from './ntlmssp.js';
import {
  parseSmb1Header,
  parseSmb1Negotiate,
  smb1AnonymousSessionSetup,
  smb1NegotiateRequest,
  smb1PeekNamedPipe,
  smb1TreeConnect,
  type Smb1Negotiate,
} from './smb1.js';

/** Where and how to connect. */
export interface SmbTarget {
  readonly host: string;
  readonly port: number;
  /** Send the RFC 1002 session request first (SMB over NetBIOS, port 139). */
  readonly netbios: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Bytes the server may send over the connection (default 256 KiB). */
  readonly maxBytes?: number;
}

/** The largest SMB message we accept from a server: negotiate and session replies are a few KiB. */
const MAX_MESSAGE = 64 * 1024;

/** One SMB connection. */
export class SmbConnection {
  readonly #stream: Stream;
  readonly #timeoutMs: number;

  private constructor(stream: Stream, timeoutMs: number) {
    this.#stream = stream;
    this.#timeoutMs = timeoutMs;
  }

  /** Connect, and on NetBIOS ports open the session as '*SMBSERVER'. */
  static async open(target: SmbTarget): Promise<SmbConnection> {
    const stream = await openStream({
      host: target.host,
      port: target.port,
      ...(target.signal !== undefined && { signal: target.signal }),
      limits: {
        connectTimeoutMs: target.timeoutMs,
        readTimeoutMs: target.timeoutMs,
        maxBytes: target.maxBytes ?? 256 * 1024,
      },
    });
    const conn = new SmbConnection(stream, target.timeoutMs);
    if (target.netbios) {
      try {
        stream.write(nbssSessionRequest('*SMBSERVER', 'PORTWARDEN'));
        const reply = parseNbssPacket(await conn.#readPacket());
        if (reply.type === NBSS_NEGATIVE) {
          throw new NetworkError('BAD_REPLY', `NetBIOS session refused: ${nbssNegativeReason(reply.payload[0] ?? 0)}`);
        }
        if (reply.type !== NBSS_POSITIVE) {
          throw new NetworkError('BAD_REPLY', `unexpected NetBIOS session reply type 0x${reply.type.toString(16)}`);
        }
      } catch (err) {
        stream.close();
        throw err;
      }
    }
    return conn;
  }

  async #readPacket(): Promise<Uint8Array> {
    const framer = nbssFramer(MAX_MESSAGE);
    try {
      return await this.#stream.read(framer, this.#timeoutMs);
    } catch (err) {
      if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message, { cause: err });
      throw err;
    }
  }

  /** Send one SMB message and return the next SMB message the server sends (keepalives skipped). */
  async exchange(message: Uint8Array): Promise<Uint8Array> {
    this.#stream.write(nbssMessage(message));
    for (let i = 0; i < 8; i++) {
      const packet = parseNbssPacket(await this.#readPacket());
      if (packet.type === NBSS_MESSAGE) return packet.payload;
      if (packet.type !== NBSS_KEEPALIVE) {
        throw new NetworkError('BAD_REPLY', `unexpected NetBIOS packet type 0x${packet.type.toString(16)}`);
      }
    }
    throw new NetworkError('BAD_REPLY', 'only keepalives from the server');
  }

  close(): void {
    this.#stream.close();
  }
}

async function withSmb<T>(target: SmbTarget, use: (c: SmbConnection) => Promise<T>): Promise<T> {
  const conn = await SmbConnection.open(target);
  try {
    return await use(conn);
  } finally {
    conn.close();
  }
}

/**
 * Like withSmb, but a connection the server closes or resets after it was opened (how servers refuse a dialect)
 * gives `refused` instead of an error. Failing to connect at all stays an error.
 */
async function withSmbOr<T, R>(target: SmbTarget, refused: R, use: (c: SmbConnection) => Promise<T>): Promise<T | R> {
  const conn = await SmbConnection.open(target);
  try {
    return await use(conn);
  } catch (err) {
    if (refusal(err)) return refused;
    throw err;
  } finally {
    conn.close();
  }
}

/** A closed connection or a reset right after our negotiate means "not this dialect", not a failure. */
function refusal(err: unknown): boolean {
  return err instanceof NetworkError && err.code === 'NETWORK';
}

function negotiateRequest(dialects: readonly number[]): Uint8Array {
  return smb2NegotiateRequest(0, { dialects, clientGuid: randomBytes(16), salt: randomBytes(32) });
}

/**
 * Negotiate SMB 2/3 offering `dialects`; the server's answer, or null when it refuses them (closes, or answers
 * with an error or with SMB1).
 */
export async function negotiateSmb2(target: SmbTarget, dialects: readonly number[]): Promise<Smb2Negotiate | null> {
  return withSmbOr(target, null, async (c) => parseSmb2Negotiate(await c.exchange(negotiateRequest(dialects))));
}

/** Negotiate SMB1 with the classic dialect list only; null when the server refuses SMB1. */
export async function negotiateSmb1(target: SmbTarget): Promise<Smb1Negotiate | null> {
  return withSmbOr(target, null, async (c) => {
    const reply = parseSmb1Negotiate(await c.exchange(smb1NegotiateRequest()));
    return reply === null || reply.dialectIndex === 0xffff ? null : reply;
  });
}

/** What an anonymous logon attempt showed. */
export interface AnonymousSession {
  readonly negotiate: Smb2Negotiate;
  /** The server's NTLM CHALLENGE (names, OS version), or null when it sent none. */
  readonly challenge: NtlmChallenge | null;
  /** NTSTATUS of the final SESSION_SETUP; null when the logon was not attempted (`challengeOnly`). */
  readonly sessionStatus: number | null;
  /** SMB2_SESSION_FLAG_IS_GUEST 0x1, IS_NULL 0x2. */
  readonly sessionFlags: number;
  /** NTSTATUS of TREE_CONNECT to IPC$, or null when the session was not established. */
  readonly ipcStatus: number | null;
}

/**
 * Negotiate SMB2/3 (up to 3.0.2: 3.1.1's pre-authentication hash is not needed for an unsigned anonymous
 * session), send an NTLMSSP NEGOTIATE and read the CHALLENGE. Unless `challengeOnly`, finish the logon anonymously
 * and try IPC$. Null when the server speaks no SMB2.
 */
export async function anonymousSession(
  target: SmbTarget,
  options: { challengeOnly: boolean; ipcPath: string },
): Promise<AnonymousSession | null> {
  return withSmb(target, async (c) => {
    let negotiate: Smb2Negotiate | null;
    try {
      negotiate = parseSmb2Negotiate(await c.exchange(negotiateRequest([0x0202, 0x0210, 0x0300, 0x0302])));
    } catch (err) {
      if (refusal(err)) return null;
      throw err;
    }
    if (negotiate === null) return null;
    const first = parseSmb2SessionSetup(await c.exchange(smb2SessionSetupRequest(1, 0n, spnegoInit(ntlmNegotiate()))));
    if (first === null) throw new NetworkError('BAD_REPLY', 'malformed SESSION_SETUP response');
    const ntlm = findNtlmssp(first.token);
    const challenge = ntlm === null ? null : parseNtlmChallenge(ntlm);
    const base = { negotiate, challenge, sessionFlags: 0, ipcStatus: null };
    if (options.challengeOnly || first.header.status !== STATUS_MORE_PROCESSING_REQUIRED) {
      return { ...base, sessionStatus: options.challengeOnly ? null : first.header.status };
    }
    const sessionId = first.header.sessionId;
    const second = parseSmb2SessionSetup(
      await c.exchange(smb2SessionSetupRequest(2, sessionId, spnegoResponse(ntlmAnonymousAuthenticate()))),
    );
    if (second === null) throw new NetworkError('BAD_REPLY', 'malformed SESSION_SETUP response');
    if (second.header.status !== 0) return { ...base, sessionStatus: second.header.status };
    const tree = parseSmb2TreeConnect(await c.exchange(smb2TreeConnectRequest(3, sessionId, options.ipcPath)));
    if (tree === null) throw new NetworkError('BAD_REPLY', 'malformed TREE_CONNECT response');
    try {
      await c.exchange(smb2LogoffRequest(4, sessionId));
    } catch {
      // The logoff is a courtesy; its reply does not matter.
    }
    return { ...base, sessionStatus: 0, sessionFlags: second.sessionFlags, ipcStatus: tree.header.status };
  });
}

/** The NTSTATUS of each step of the MS17-010 probe; later steps are null when an earlier one failed. */
export interface Ms17010Probe {
  readonly negotiate: Smb1Negotiate | null;
  readonly sessionStatus: number | null;
  readonly treeStatus: number | null;
  readonly transStatus: number | null;
}

/**
 * The nmap/Metasploit MS17-010 probe: SMB1 negotiate, anonymous session, IPC$, then PeekNamedPipe on FID 0.
 * Nothing is written and no exploit is sent.
 */
export async function probeMs17010(target: SmbTarget, ipcPath: string): Promise<Ms17010Probe> {
  const none = { negotiate: null, sessionStatus: null, treeStatus: null, transStatus: null };
  return withSmbOr(target, none, async (c) => {
    const negotiate = parseSmb1Negotiate(await c.exchange(smb1NegotiateRequest()));
    if (negotiate === null || negotiate.dialectIndex === 0xffff) return none;
    const session = parseSmb1Header(await c.exchange(smb1AnonymousSessionSetup(1)));
    if (session === null) throw new NetworkError('BAD_REPLY', 'malformed SESSION_SETUP_ANDX response');
    const base = { ...none, negotiate, sessionStatus: session.status };
    if (session.status !== 0) return base;
    const tree = parseSmb1Header(
      await c.exchange(smb1TreeConnect(ipcPath, { userId: session.userId, multiplexId: 2 })),
    );
    if (tree === null) throw new NetworkError('BAD_REPLY', 'malformed TREE_CONNECT_ANDX response');
    if (tree.status !== 0) return { ...base, treeStatus: tree.status };
    const trans = parseSmb1Header(
      await c.exchange(smb1PeekNamedPipe({ userId: session.userId, treeId: tree.treeId, multiplexId: 3 })),
    );
    if (trans === null) throw new NetworkError('BAD_REPLY', 'malformed TRANSACTION response');
    return { ...base, treeStatus: 0, transStatus: trans.status };
  });
}

/** The UNC path of IPC$ on `host` (IPv6 literals in the ipv6-literal.net form Windows accepts). */
export function ipcPath(host: string): string {
  const name = host.includes(':') ? `${host.replace(/:/g, '-').replace(/%/g, 's')}.ipv6-literal.net` : host;
  return `\\\\${name}\\IPC$`;
}

/** The SMB connection settings for a port: the NetBIOS session on 139 or where identification saw netbios-ssn. */
export function smbTarget(
  host: string,
  port: number,
  service: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): SmbTarget {
  return {
    host,
    port,
    netbios: service === 'netbios-ssn' || (service === undefined && port === 139),
    timeoutMs,
    ...(signal !== undefined && { signal }),
  };
}

/** An NTSTATUS as 0xC0000022. */
export function ntStatus(status: number): string {
  return `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
