/** PostgreSQL client I/O for the start-up phase: SSLRequest, and one start-up message and the replies to it. */
import { NetworkError } from '../../core/errors.js';
import type { Stream } from '../net/stream.js';
import { SSL_REQUEST, TERMINATE, encodeStartup, messageLength, parseMessage, type BackendMessage } from './codec.js';

/** Send SSLRequest: 'S' (TLS offered), 'N' (not), or 'E' (a pre-7.0 server's error); BAD_REPLY otherwise. */
export async function sslRequest(stream: Stream): Promise<'S' | 'N' | 'E'> {
  stream.write(SSL_REQUEST);
  const reply = await stream.readExactly(1);
  const c = String.fromCharCode(reply[0] ?? 0);
  if (c === 'S' || c === 'N' || c === 'E') return c;
  throw new NetworkError('BAD_REPLY', 'not a PostgreSQL answer to SSLRequest');
}

/** Read one backend message; BAD_REPLY when it is not one. */
export async function readMessage(stream: Stream): Promise<BackendMessage> {
  let bytes: Uint8Array;
  try {
    bytes = await stream.read(messageLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', `not PostgreSQL: ${err.message}`);
    throw err;
  }
  const message = parseMessage(bytes);
  if (message === null) throw new NetworkError('BAD_REPLY', 'not a PostgreSQL message');
  return message;
}

/**
 * Send a start-up message and read replies until the server asks for authentication, fails, or (after
 * AuthenticationOk) is ready; at most `limit` messages. Sends Terminate after a success.
 */
export async function startup(
  stream: Stream,
  params: Readonly<Record<string, string>>,
  version: { major: number; minor: number } = { major: 3, minor: 0 },
  limit = 64,
): Promise<BackendMessage[]> {
  stream.write(encodeStartup(params, version.major, version.minor));
  const seen: BackendMessage[] = [];
  let authenticated = false;
  while (seen.length < limit) {
    const m = await readMessage(stream);
    seen.push(m);
    if (m.type === 'error' || m.type === 'ready') break;
    if (m.type === 'auth') {
      if (m.method !== 'ok') break;
      authenticated = true;
    }
  }
  if (authenticated) stream.write(TERMINATE);
  return seen;
}
