// The etcd codec on answers captured from the lab's etcd 3.4.
import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import { parseResponse } from '../http/codec.js';
import { COUNT_ALL_KEYS, isHttpToHttpsAnswer, parseRange, parseVersion } from './codec.js';

const body = (name: string): Uint8Array => parseResponse(hexFixture('etcd', name), true)?.body ?? new Uint8Array();

describe('etcd codec', () => {
  it('reads /version, the key count and the auth error', () => {
    expect(parseVersion(body('etcd-3.4-version'))).toEqual({ server: '3.4.23', cluster: '3.4.0' });
    expect(parseRange(body('etcd-3.4-range-count'))).toMatchObject({ kind: 'count', count: 2 });
    expect(parseRange(body('etcd-3.4-range-auth-required'))).toEqual({
      kind: 'error',
      code: 3,
      message: 'etcdserver: user name is empty',
    });
  });

  it('asks for a count only, and rejects what is not etcd', () => {
    expect(JSON.parse(COUNT_ALL_KEYS)).toMatchObject({ count_only: true });
    expect(parseVersion(Buffer.from('{"version":{"number":"8.0"}}'))).toBeNull();
    expect(parseRange(Buffer.from('not json'))).toBeNull();
    expect(parseRange(Buffer.from('{"header":{}}'))).toMatchObject({ kind: 'count', count: 0 });
    expect(isHttpToHttpsAnswer(400, Buffer.from('Client sent an HTTP request to an HTTPS server.\n'))).toBe(true);
  });
});
