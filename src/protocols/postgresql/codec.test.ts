// The PostgreSQL codec on replies captured from the lab's PostgreSQL 15, with truncation and a hostile length.
import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import { encodeStartup, messageLength, parseMessage, supportedProtocols, type BackendMessage } from './codec.js';

function split(b: Uint8Array): BackendMessage[] {
  const out: BackendMessage[] = [];
  let rest = b;
  while (rest.length > 0) {
    const n = messageLength(rest);
    if (n < 0) break;
    const m = parseMessage(rest.subarray(0, n));
    if (m === null) break;
    out.push(m);
    rest = rest.subarray(n);
  }
  return out;
}

describe('postgresql codec', () => {
  it('reads trust: AuthenticationOk, parameters and ReadyForQuery', () => {
    const ms = split(hexFixture('postgresql', 'pg15-startup-trust'));
    expect(ms[0]).toEqual({ type: 'auth', method: 'ok', mechanisms: [] });
    expect(ms).toContainEqual({ type: 'parameter', name: 'is_superuser', value: 'on' });
    expect(ms.find((m) => m.type === 'parameter' && m.name === 'server_version')).toBeDefined();
    expect(ms.at(-1)).toEqual({ type: 'ready', status: 'I' });
  });

  it('reads the SCRAM request and the unsupported-protocol error', () => {
    expect(split(hexFixture('postgresql', 'pg15-startup-scram'))).toEqual([
      { type: 'auth', method: 'sasl', mechanisms: ['SCRAM-SHA-256'] },
    ]);
    const [err] = split(hexFixture('postgresql', 'pg15-unsupported-protocol'));
    expect(err).toMatchObject({ type: 'error', fields: { severity: 'FATAL', code: '0A000' } });
    expect(err?.type === 'error' ? supportedProtocols(err.fields.message) : null).toBe('3.0-3.0');
  });

  it('frames, refuses absurd lengths, and never throws on truncation', () => {
    const raw = hexFixture('postgresql', 'pg15-startup-trust');
    expect(() => messageLength(Buffer.from('E\x7f\xff\xff\xff', 'latin1'))).toThrow(RangeError);
    for (let n = 0; n < 60; n++) expect(() => parseMessage(raw.subarray(0, n))).not.toThrow();
    expect(parseMessage(Buffer.from('HTTP/1.1 400', 'latin1'))).toBeNull();
    expect(Buffer.from(encodeStartup({ user: 'u' })).toString('hex')).toBe('00000010000300007573657200750000');
  });
});
