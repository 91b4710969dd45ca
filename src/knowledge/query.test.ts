import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { parseQuery } from './query.js';

describe('parseQuery', () => {
  it('reads ports, ranges, names and transports, split by commas and arguments', () => {
    expect(parseQuery(['21,23', '137/udp', '1-30', 'FTP', 'domain/tcp'])).toEqual([
      { kind: 'port', port: 21 },
      { kind: 'port', port: 23 },
      { kind: 'port', port: 137, transport: 'udp' },
      { kind: 'range', from: 1, to: 30 },
      { kind: 'name', name: 'ftp' },
      { kind: 'name', name: 'domain', transport: 'tcp' },
    ]);
  });

  it('accepts the edges of the port space and names that start with a digit', () => {
    expect(parseQuery(['0', '65535', '0-65535', '3com-tsmux'])).toEqual([
      { kind: 'port', port: 0 },
      { kind: 'port', port: 65535 },
      { kind: 'range', from: 0, to: 65535 },
      { kind: 'name', name: '3com-tsmux' },
    ]);
  });

  it.each([
    ['70000', 'error.portOutOfRange'],
    ['65536', 'error.portOutOfRange'],
    ['99999999999999999999', 'error.portOutOfRange'],
    ['1-70000', 'error.portOutOfRange'],
    ['30-1', 'error.badRange'],
    ['21/icmp', 'error.badTransport'],
    ['21-', 'error.badToken'],
    ['1-2-3', 'error.badToken'],
    ['-5', 'error.badToken'],
    ['f$oo', 'error.badToken'],
    ['21,,23', 'error.badToken'],
    ['', 'error.emptyQuery'],
    [' , ', 'error.emptyQuery'],
  ])('refuses %j with %s', (arg, key) => {
    let caught: unknown;
    try {
      parseQuery([arg]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).details['key']).toBe(key);
  });
});
