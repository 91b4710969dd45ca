import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  OP_MSG,
  OP_QUERY,
  decodeBson,
  encodeBson,
  encodeMsg,
  encodeQuery,
  messageLength,
  parseReply,
} from './codec.js';

// The BSON spec's own example (bsonspec.org/faq): {"hello": "world"}.
const HELLO_WORLD = '160000000268656c6c6f0006000000776f726c640000';

describe('BSON', () => {
  it('encodes and decodes the specification example', () => {
    expect(encodeBson({ hello: 'world' }).toString('hex')).toBe(HELLO_WORLD);
    expect(decodeBson(Buffer.from(HELLO_WORLD, 'hex'))).toEqual({ doc: { hello: 'world' }, length: 22 });
  });

  it('round-trips the types commands and replies use', () => {
    const doc = {
      ok: 1,
      d: 1.5,
      big: 2n ** 40n,
      t: true,
      n: null,
      when: new Date(0),
      sub: { a: 'b' },
      list: ['x', 2, { y: false }],
      bin: Uint8Array.of(1, 2),
    };
    const back = decodeBson(encodeBson(doc)).doc;
    expect({ ...back, bin: Array.from(back['bin'] as Uint8Array) }).toEqual({ ...doc, bin: [1, 2] });
  });

  it('refuses truncated, lying and garbage documents', () => {
    const good = encodeBson({ listDatabases: 1, names: ['a', 'b'] });
    for (let n = 0; n < good.length; n++) expect(() => decodeBson(good.subarray(0, n))).toThrow(RangeError);
    const lying = Buffer.from(good);
    lying.writeInt32LE(1000, 0);
    expect(() => decodeBson(lying)).toThrow(RangeError);
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => decodeBson(encodeBson(deep as never))).toThrow(RangeError);
    for (let seed = 1; seed < 300; seed++) {
      const junk = Buffer.from(noise(seed, 64));
      junk.writeInt32LE(64, 0);
      junk[63] = 0;
      try {
        decodeBson(junk);
      } catch (err) {
        expect(err).toBeInstanceOf(RangeError);
      }
    }
  });
});

describe('MongoDB messages', () => {
  it('builds OP_QUERY and OP_MSG commands with their header', () => {
    const q = encodeQuery(7, 'admin', { isMaster: 1 });
    expect(q.readInt32LE(0)).toBe(q.length);
    expect(q.readInt32LE(4)).toBe(7);
    expect(q.readInt32LE(12)).toBe(OP_QUERY);
    expect(q.toString('latin1')).toContain('admin.$cmd\0');
    const m = encodeMsg(8, { hello: 1, $db: 'admin' });
    expect(m.readInt32LE(12)).toBe(OP_MSG);
    expect(messageLength(m)).toBe(m.length);
  });

  it('reads OP_MSG and OP_REPLY answers to the right request only', () => {
    const doc = encodeBson({ ok: 1, maxWireVersion: 21 });
    const msg = Buffer.concat([Buffer.alloc(16), Buffer.alloc(4), Buffer.of(0), doc]);
    msg.writeInt32LE(msg.length, 0);
    msg.writeInt32LE(9, 8);
    msg.writeInt32LE(OP_MSG, 12);
    expect(parseReply(msg, 9)).toEqual({ ok: 1, maxWireVersion: 21 });
    expect(() => parseReply(msg, 10)).toThrow(RangeError);
    const reply = Buffer.concat([Buffer.alloc(36), doc]);
    reply.writeInt32LE(reply.length, 0);
    reply.writeInt32LE(9, 8);
    reply.writeInt32LE(1, 12);
    reply.writeInt32LE(1, 32);
    expect(parseReply(reply, 9)).toMatchObject({ ok: 1 });
    expect(() => messageLength(Buffer.from([0xff, 0xff, 0xff, 0x7f]))).toThrow(RangeError);
    expect(() => messageLength(Buffer.from([4, 0, 0, 0]))).toThrow(RangeError);
  });
});
