import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import { noise } from '../../../test/support/noise.js';
import { encodeCommand, parseInfo, parseReply, respLength } from './codec.js';

describe('redis codec', () => {
  it('encodes a command as an array of bulk strings', () => {
    expect(Buffer.from(encodeCommand('INFO', 'server')).toString()).toBe('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
  });

  it('reads a real INFO server reply', () => {
    const bytes = hexFixture('redis', 'redis-7.0.15-info-server');
    expect(respLength(bytes)).toBe(bytes.length);
    const r = parseReply(bytes);
    expect(r?.value.type).toBe('bulk');
    const info = parseInfo(r?.value.type === 'bulk' ? (r.value.value ?? '') : '');
    expect(info).toMatchObject({ redis_version: '7.0.15', redis_mode: 'standalone', tcp_port: '6379' });
    expect(info['os']).toMatch(/^Linux/);
  });

  it('reads the NOAUTH error', () => {
    const r = parseReply(hexFixture('redis', 'redis-7.0.15-ping-noauth'));
    expect(r?.value).toEqual({ type: 'error', value: 'NOAUTH Authentication required.' });
  });

  it('reads simple, integer, nested array and RESP3 map replies', () => {
    expect(parseReply(Buffer.from('+PONG\r\n'))?.value).toEqual({ type: 'simple', value: 'PONG' });
    expect(parseReply(Buffer.from(':-3\r\n'))?.value).toEqual({ type: 'integer', value: -3 });
    expect(parseReply(Buffer.from('*2\r\n$1\r\na\r\n*1\r\n$-1\r\n'))?.value).toEqual({
      type: 'array',
      value: [
        { type: 'bulk', value: 'a' },
        { type: 'array', value: [{ type: 'bulk', value: null }] },
      ],
    });
    expect(parseReply(Buffer.from('%1\r\n+k\r\n:1\r\n'))?.length).toBe(12);
  });

  it('asks for more on truncation and refuses what is not RESP', () => {
    const bytes = hexFixture('redis', 'redis-7.0.15-info-server');
    for (let n = 0; n < bytes.length; n += 37) expect(parseReply(bytes.subarray(0, n))).toBeNull();
    expect(() => parseReply(Buffer.from('HTTP/1.1 400 Bad\r\n'))).toThrow(RangeError);
    expect(() => parseReply(Buffer.from('$abc\r\n'))).toThrow(RangeError);
    expect(() => parseReply(Buffer.from('*99999999\r\n'))).toThrow(RangeError);
    expect(() => parseReply(Buffer.from(`${'*1\r\n'.repeat(50)}:1\r\n`))).toThrow(RangeError);
    expect(() => parseReply(Buffer.alloc(70 * 1024, 0x2b))).toThrow(RangeError);
    for (let seed = 1; seed < 300; seed++) {
      try {
        parseReply(noise(seed, 64));
      } catch (err) {
        expect(err).toBeInstanceOf(RangeError);
      }
    }
  });
});
