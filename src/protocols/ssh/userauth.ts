/**
 * SSH user authentication (RFC 4252), only as far as asking: the `ssh-userauth` service request and a `none`
 * request, whose SSH_MSG_USERAUTH_FAILURE lists the methods that can continue (§5.2). No credential is ever sent.
 */
import { NetworkError } from '../../core/errors.js';
import { SshReader, SshWriter } from './codec.js';
import type { SshTransport } from './transport.js';

export const SSH_MSG_SERVICE_REQUEST = 5;
export const SSH_MSG_SERVICE_ACCEPT = 6;
export const SSH_MSG_USERAUTH_REQUEST = 50;
export const SSH_MSG_USERAUTH_FAILURE = 51;
export const SSH_MSG_USERAUTH_SUCCESS = 52;
export const SSH_MSG_USERAUTH_BANNER = 53;

/** What the server answered to a `none` request. */
export type NoneAnswer =
  | { readonly kind: 'failure'; readonly methods: readonly string[]; readonly partialSuccess: boolean }
  | { readonly kind: 'success' };

/** A service request payload (RFC 4253 §10). */
export function encodeServiceRequest(service: string): Uint8Array {
  return new SshWriter().byte(SSH_MSG_SERVICE_REQUEST).string(service).bytes();
}

/** A `none` authentication request for `user` (RFC 4252 §5.2). */
export function encodeNoneRequest(user: string, service = 'ssh-connection'): Uint8Array {
  return new SshWriter().byte(SSH_MSG_USERAUTH_REQUEST).string(user).string(service).string('none').bytes();
}

/** The service name of a SERVICE_ACCEPT; null when the payload is not one. */
export function parseServiceAccept(payload: Uint8Array): string | null {
  try {
    const r = new SshReader(payload);
    if (r.byte() !== SSH_MSG_SERVICE_ACCEPT) return null;
    return Buffer.from(r.string()).toString('latin1');
  } catch {
    return null;
  }
}

/** USERAUTH_FAILURE or USERAUTH_SUCCESS; null for anything else or a truncated message. */
export function parseNoneAnswer(payload: Uint8Array): NoneAnswer | null {
  try {
    const r = new SshReader(payload);
    const type = r.byte();
    if (type === SSH_MSG_USERAUTH_SUCCESS) return { kind: 'success' };
    if (type !== SSH_MSG_USERAUTH_FAILURE) return null;
    const methods = r.nameList().filter((m) => /^[\x21-\x7e]{1,64}$/.test(m));
    return { kind: 'failure', methods, partialSuccess: r.byte() !== 0 };
  } catch {
    return null;
  }
}

/** The text of a USERAUTH_BANNER (RFC 4252 §5.4), cut to `max` characters; null when the payload is not one. */
export function parseBanner(payload: Uint8Array, max = 500): string | null {
  try {
    const r = new SshReader(payload);
    if (r.byte() !== SSH_MSG_USERAUTH_BANNER) return null;
    return Buffer.from(r.string()).toString('utf8').slice(0, max);
  } catch {
    return null;
  }
}

/**
 * After the key exchange: request `ssh-userauth`, send `none` for `user`, and return the answer and any banner
 * the server showed before it.
 */
export async function askNone(transport: SshTransport, user: string): Promise<{ answer: NoneAnswer; banner: string }> {
  transport.send(encodeServiceRequest('ssh-userauth'));
  const accepted = parseServiceAccept(await transport.receive());
  if (accepted !== 'ssh-userauth') throw new NetworkError('BAD_REPLY', 'the server did not accept ssh-userauth');
  transport.send(encodeNoneRequest(user));
  let banner = '';
  // A banner may come first (§5.4); a few are allowed, then the answer must follow.
  for (let i = 0; i < 4; i++) {
    const payload = await transport.receive();
    const text = parseBanner(payload);
    if (text !== null) {
      banner = text;
      continue;
    }
    const answer = parseNoneAnswer(payload);
    if (answer === null) {
      throw new NetworkError('BAD_REPLY', `message ${payload[0] ?? -1} in answer to a none authentication request`);
    }
    return { answer, banner };
  }
  throw new NetworkError('BAD_REPLY', 'banners without an authentication answer');
}
