import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTftpReply, probeTftp } from './codec.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/tftp/${name}`, import.meta.url), 'utf8').trim(), 'hex');
/** tftpd-hpa's answers in the lab: to a read request for a missing file, and for a file that exists. */
const notFound = fixture('tftpd-hpa-error-not-found.hex');
const data = fixture('tftpd-hpa-data-block1.hex');

describe('probeTftp', () => {
  it('is a read request in octet mode', () => {
    expect(Buffer.from(probeTftp('a.txt')).toString('hex')).toBe('0001612e747874006f6374657400');
    expect(() => probeTftp('')).toThrow(RangeError);
    expect(() => probeTftp('a\0b')).toThrow(RangeError);
  });
});

describe('parseTftpReply', () => {
  it('reads real tftpd-hpa answers', () => {
    expect(parseTftpReply(notFound)).toEqual({ opcode: 'error', code: 1, message: 'File not found' });
    expect(parseTftpReply(data)).toEqual({ opcode: 'data', block: 1, dataLength: 19 });
  });

  it('reads an option acknowledgement without letting option names touch prototypes', () => {
    const oack = Buffer.from('\0\x06blksize\x001428\0__proto__\0x\0', 'latin1');
    const reply = parseTftpReply(oack);
    expect(reply).toMatchObject({ opcode: 'oack' });
    if (reply?.opcode !== 'oack') throw new Error('not an OACK');
    expect(reply.options['blksize']).toBe('1428');
    expect(Object.getPrototypeOf(reply.options)).toBeNull();
  });

  it('rejects requests, ACKs, unknown opcodes, truncated and oversized packets', () => {
    expect(parseTftpReply(probeTftp('x'))).toBeNull();
    expect(parseTftpReply(Buffer.from('00040001', 'hex'))).toBeNull();
    expect(parseTftpReply(Buffer.from('00090001', 'hex'))).toBeNull();
    for (let n = 0; n < 4; n++) expect(parseTftpReply(notFound.subarray(0, n))).toBeNull();
    expect(parseTftpReply(notFound.subarray(0, 6))).toEqual({ opcode: 'error', code: 1, message: 'Fi' });
    expect(parseTftpReply(Buffer.alloc(70_000))).toBeNull();
    const long = Buffer.concat([Buffer.from('00050000', 'hex'), Buffer.alloc(5000, 0x41)]);
    expect(parseTftpReply(long)).toMatchObject({ message: 'A'.repeat(512) });
  });
});
