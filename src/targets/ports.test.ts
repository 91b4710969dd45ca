import { describe, expect, it } from 'vitest';
import { isUsageError } from '../core/errors.js';
import { parsePortSpec, type NamedPort } from './ports.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function errorOf(fn: () => unknown): { code: string; key: unknown; message: string } {
  try {
    fn();
  } catch (err) {
    if (!isUsageError(err)) throw err;
    return { code: err.code, key: err.details['key'], message: err.message };
  }
  throw new Error('expected a usage error');
}

describe('parsePortSpec', () => {
  it('reads the example of the issue with nmap semantics', () => {
    expect(parsePortSpec('21-25,80,T:443,U:53,161')).toEqual({ tcp: [21, 22, 23, 24, 25, 80, 443], udp: [53, 161] });
  });

  it('sorts and removes duplicates', () => {
    expect(parsePortSpec('443, 80,22,80,20-23')).toEqual({ tcp: [20, 21, 22, 23, 80, 443], udp: [] });
  });

  it('applies unprefixed items to the default transports', () => {
    expect(parsePortSpec('53,U:161', { defaultTransports: ['tcp', 'udp'] })).toEqual({ tcp: [53], udp: [53, 161] });
    expect(parsePortSpec('53', { defaultTransports: ['udp'] })).toEqual({ tcp: [], udp: [53] });
  });

  it('keeps a prefix for the following items until the next one', () => {
    expect(parsePortSpec('U:53,111,137,T:21-22,25')).toEqual({ tcp: [21, 22, 25], udp: [53, 111, 137] });
    expect(parsePortSpec('t:80,u:53')).toEqual({ tcp: [80], udp: [53] });
  });

  it('reads "-" as every port from 1 and open-ended ranges', () => {
    expect(parsePortSpec('-').tcp).toEqual(range(1, 65535));
    expect(parsePortSpec('-100').tcp).toEqual(range(1, 100));
    expect(parsePortSpec('65530-').tcp).toEqual(range(65530, 65535));
    expect(parsePortSpec('U:-').udp).toHaveLength(65535);
  });

  it('includes port 0 only when written', () => {
    expect(parsePortSpec('0').tcp).toEqual([0]);
    expect(parsePortSpec('0-2').tcp).toEqual([0, 1, 2]);
    expect(parsePortSpec('-').tcp[0]).toBe(1);
    expect(parsePortSpec('0080').tcp).toEqual([80]);
  });

  it('resolves service names through the injected lookup, per transport', () => {
    const registry: Record<string, NamedPort[]> = {
      http: [
        { port: 80, transport: 'tcp' },
        { port: 80, transport: 'udp' },
      ],
      ssh: [{ port: 22, transport: 'tcp' }],
      ntp: [{ port: 123, transport: 'udp' }],
    };
    const serviceLookup = (name: string): NamedPort[] => registry[name] ?? [];
    expect(parsePortSpec('ssh,HTTP,443', { serviceLookup })).toEqual({ tcp: [22, 80, 443], udp: [] });
    expect(parsePortSpec('ssh,ntp', { serviceLookup, defaultTransports: ['tcp', 'udp'] })).toEqual({
      tcp: [22],
      udp: [123],
    });
    expect(errorOf(() => parsePortSpec('U:ssh', { serviceLookup })).key).toBe('targets.unknownPortName');
    expect(errorOf(() => parsePortSpec('ftp', { serviceLookup })).message).toContain('"ftp"');
    expect(errorOf(() => parsePortSpec('ssh')).key).toBe('targets.unknownPortName');
  });

  it.each([
    ['70000', 'error.portOutOfRange'],
    ['80,65536', 'error.portOutOfRange'],
    ['99999999999999999999', 'error.portOutOfRange'],
    ['25-21', 'error.badRange'],
    ['', 'targets.emptyPortSpec'],
    ['   ', 'targets.emptyPortSpec'],
    ['80,,443', 'targets.emptyPortItem'],
    ['80,', 'targets.emptyPortItem'],
    ['T:', 'targets.emptyPortItem'],
    ['1-2-3', 'error.badToken'],
    ['80;443', 'error.badToken'],
    ['[1-1024]', 'error.badToken'],
    ['X:80', 'error.badToken'],
    ['S:80', 'targets.sctpUnsupported'],
  ])('refuses %j with one sentence (%s), exit code 2', (spec, key) => {
    const err = errorOf(() => parsePortSpec(spec));
    expect(err.code).toBe('BAD_PORT_SPEC');
    expect(err.key).toBe(key);
    expect(err.message).toMatch(/^[^\n]+\.$/);
  });
});
