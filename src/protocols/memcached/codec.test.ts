import { describe, expect, it } from 'vitest';
import { hexFixture, hexFixtureLines } from '../../../test/support/fixture.js';
import { encodeUdpRequest, isRefusal, parseStats, parseUdpFrame, parseVersion, replyLength } from './codec.js';

describe('memcached codec', () => {
  it('frames and reads a real stats reply', () => {
    const bytes = hexFixture('memcached', 'memcached-1.6.18-stats');
    expect(replyLength(bytes)).toBe(bytes.length);
    expect(replyLength(bytes.subarray(0, bytes.length - 3))).toBe(-1);
    const stats = parseStats(bytes.toString('latin1'));
    expect(stats).toMatchObject({ version: '1.6.18' });
    expect(Number(stats['uptime'])).toBeGreaterThanOrEqual(0);
  });

  it('recognises the refusal of a server with authentication', () => {
    const text = hexFixture('memcached', 'memcached-1.6.18-stats-auth-required').toString('latin1');
    expect(replyLength(Buffer.from(text))).toBe(text.length);
    expect(isRefusal(text)).toBe(true);
    expect(isRefusal('ERROR\r\n')).toBe(true);
    expect(isRefusal('VERSION 1.6.18\r\n')).toBe(false);
  });

  it('reads versions', () => {
    expect(parseVersion('VERSION 1.6.18\r\n')).toBe('1.6.18');
    expect(parseVersion('VERSION\r\n')).toBeNull();
    expect(parseVersion('STAT pid 1\r\n')).toBeNull();
  });

  it('encodes a UDP request and parses the real multi-datagram answer', () => {
    expect(Buffer.from(encodeUdpRequest(0x4242, 'stats\r\n')).toString('hex')).toBe(
      `4242000000010000${Buffer.from('stats\r\n').toString('hex')}`,
    );
    const frames = hexFixtureLines('memcached', 'memcached-1.6.18-udp-stats').map(parseUdpFrame);
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(frames[0]).toMatchObject({ requestId: 0x4242, sequence: 0 });
    expect(frames.every((f) => f !== null && f.total === frames.length)).toBe(true);
    expect(parseStats(frames.map((f) => f?.body ?? '').join(''))['version']).toBe('1.6.18');
  });

  it('rejects impossible UDP frames', () => {
    expect(parseUdpFrame(Buffer.alloc(7))).toBeNull();
    expect(parseUdpFrame(Buffer.from('424200000000000041', 'hex'))).toBeNull(); // total 0
    expect(parseUdpFrame(Buffer.from('424200030002000041', 'hex'))).toBeNull(); // sequence past total
    expect(parseUdpFrame(Buffer.from('424200000001ffff41', 'hex'))).toBeNull(); // reserved set
  });
});
