/** NTP over UDP: one client-mode exchange, one mode 6 READVAR (reassembling fragments), one mode 7 monlist. */
import { randomBytes } from 'node:crypto';
import { exchangeDatagram } from '../net/datagram.js';
import { collectDatagrams } from '../net/datagrams.js';
import {
  assembleNtpControl,
  parseNtpControl,
  parseNtpPrivate,
  parseNtpReply,
  parseNtpVariables,
  probeNtp,
  probeNtpMonlist,
  probeNtpReadvar,
  type NtpControlFragment,
  type NtpPrivateReply,
  type NtpReply,
} from './codec.js';

export interface NtpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The server's answer to a client request with the raw datagram (for root delay/dispersion), or null. */
export async function ntpTime(e: NtpEndpoint): Promise<{ reply: NtpReply; raw: Uint8Array } | null> {
  const nonce = randomBytes(8);
  let parsed = null as NtpReply | null;
  const raw = await exchangeDatagram({
    host: e.host,
    port: e.port,
    payload: probeNtp(nonce),
    timeoutMs: e.timeoutMs,
    ...(e.signal !== undefined && { signal: e.signal }),
    maxBytes: 1024,
    accept: (b) => (parsed = parseNtpReply(b, nonce)) !== null,
  });
  return raw === null || parsed === null ? null : { reply: parsed, raw };
}

/** What a READVAR of the system variables returned. */
export interface NtpReadvar {
  readonly error: boolean;
  /** Null when the response was incomplete (fragments missing). */
  readonly variables: Record<string, string> | null;
  readonly text: string;
  readonly requestBytes: number;
  readonly replyBytes: number;
  readonly fragments: number;
}

/** Ask for the system variables with mode 6; null when nothing answered in mode 6. */
export async function ntpReadvar(e: NtpEndpoint): Promise<NtpReadvar | null> {
  const sequence = randomBytes(2).readUInt16BE(0) || 1;
  const payload = probeNtpReadvar(sequence);
  const frags = (replies: readonly Uint8Array[]): NtpControlFragment[] =>
    replies.map(parseNtpControl).filter((f): f is NtpControlFragment => f !== null);
  const got = await collectDatagrams({
    host: e.host,
    port: e.port,
    payload,
    timeoutMs: e.timeoutMs,
    windowMs: Math.min(e.timeoutMs, 1_500),
    ...(e.signal !== undefined && { signal: e.signal }),
    maxDatagrams: 64,
    maxBytes: 64 * 1024,
    accept: (b) => {
      const f = parseNtpControl(b);
      return f !== null && f.sequence === sequence && f.opcode === 2;
    },
    done: (replies) => {
      const f = frags(replies);
      return f.some((x) => x.error) || assembleNtpControl(f) !== null;
    },
  });
  const fragments = frags(got.replies);
  if (fragments.length === 0) return null;
  const error = fragments.some((f) => f.error);
  const data = error ? null : assembleNtpControl(fragments);
  const text = data === null ? '' : Buffer.from(data).toString('latin1');
  return {
    error,
    variables: data === null ? null : parseNtpVariables(text),
    text,
    requestBytes: payload.length,
    replyBytes: got.totalBytes,
    fragments: got.totalDatagrams,
  };
}

/** What one monlist request drew. */
export interface NtpMonlist {
  readonly replies: readonly NtpPrivateReply[];
  readonly requestBytes: number;
  readonly replyBytes: number;
  readonly datagrams: number;
}

/** Send one MON_GETLIST_1 request and gather every mode 7 reply to it; null when nothing answered in mode 7. */
export async function ntpMonlist(e: NtpEndpoint): Promise<NtpMonlist | null> {
  const payload = probeNtpMonlist();
  const got = await collectDatagrams({
    host: e.host,
    port: e.port,
    payload,
    timeoutMs: e.timeoutMs,
    windowMs: Math.min(e.timeoutMs, 1_500),
    ...(e.signal !== undefined && { signal: e.signal }),
    maxDatagrams: 128,
    maxBytes: 128 * 1024,
    accept: (b) => parseNtpPrivate(b) !== null,
    // The last datagram of a reply has the More bit clear.
    done: (replies) => replies.some((r) => parseNtpPrivate(r)?.more === false),
  });
  const replies = got.replies.map(parseNtpPrivate).filter((r): r is NtpPrivateReply => r !== null);
  if (replies.length === 0) return null;
  return { replies, requestBytes: payload.length, replyBytes: got.totalBytes, datagrams: got.totalDatagrams };
}
