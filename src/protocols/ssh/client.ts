/** SSH client I/O: read the server's identification and its KEXINIT, nothing more (no key exchange). */
import { NetworkError } from '../../core/errors.js';
import { type Stream } from '../net/stream.js';
import {
  CLIENT_IDENT,
  packetPayload,
  parseKexInit,
  parseSshIdent,
  sshPacketLength,
  type KexInit,
  type SshIdent,
} from './codec.js';

/** RFC 4253 §4.2 lets a server send other lines before its identification; we accept a few. */
const MAX_PRE_LINES = 20;

/** Read lines until the identification; throws BAD_REPLY when the service is not SSH. */
export async function readIdent(stream: Stream): Promise<{ ident: SshIdent; line: string }> {
  for (let i = 0; i <= MAX_PRE_LINES; i++) {
    const line = await stream.readLine(1024);
    if (line.startsWith('SSH-')) {
      const ident = parseSshIdent(line);
      if (ident === null) throw new NetworkError('BAD_REPLY', 'a malformed SSH identification line');
      return { ident, line: line.replace(/\r?\n$/, '') };
    }
  }
  throw new NetworkError('BAD_REPLY', 'no SSH identification line');
}

/** Send our identification, then read the server's KEXINIT (the first binary packet it sends). */
export async function readKexInit(stream: Stream): Promise<KexInit> {
  stream.write(`${CLIENT_IDENT}\r\n`);
  let packet: Uint8Array;
  try {
    packet = await stream.read(sshPacketLength);
  } catch (err) {
    if (err instanceof RangeError) throw new NetworkError('BAD_REPLY', err.message);
    throw err;
  }
  const payload = packetPayload(packet);
  const kexinit = payload === null ? null : parseKexInit(payload);
  if (kexinit === null) throw new NetworkError('BAD_REPLY', 'the first SSH packet is not a KEXINIT');
  return kexinit;
}
