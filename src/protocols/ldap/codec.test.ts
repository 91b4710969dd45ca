// The LDAP BER codec on replies captured from the lab's slapd 2.5, with truncation and hostile lengths.
import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import {
  attribute,
  encodeAnonymousBind,
  encodeSearch,
  messageLength,
  parseMessage,
  type LdapMessage,
} from './codec.js';

function split(b: Uint8Array): LdapMessage[] {
  const out: LdapMessage[] = [];
  let rest = b;
  while (rest.length > 0) {
    const n = messageLength(rest);
    const m = n > 0 ? parseMessage(rest.subarray(0, n)) : null;
    if (m === null) break;
    out.push(m);
    rest = rest.subarray(n);
  }
  return out;
}

describe('ldap codec', () => {
  it('reads bind responses: success and inappropriateAuthentication', () => {
    expect(split(hexFixture('ldap', 'slapd-2.5-bind-anonymous-ok'))).toEqual([
      { id: 1, op: 'bind', result: { code: 0, matchedDn: '', diagnostic: '' } },
    ]);
    expect(split(hexFixture('ldap', 'slapd-2.5-bind-anonymous-refused'))[0]).toMatchObject({
      op: 'bind',
      result: { code: 48, diagnostic: 'anonymous bind disallowed' },
    });
  });

  it('reads the root DSE entry and a refused search', () => {
    const [entry, done] = split(hexFixture('ldap', 'slapd-2.5-rootdse'));
    if (entry?.op !== 'entry') throw new Error('no entry');
    expect(attribute(entry.attributes, 'namingcontexts')).toEqual(['dc=lab,dc=test']);
    expect(attribute(entry.attributes, 'supportedExtension')).toContain('1.3.6.1.4.1.1466.20037');
    expect(done).toMatchObject({ op: 'done', result: { code: 0 } });
    expect(split(hexFixture('ldap', 'slapd-2.5-rootdse-authc-required'))[0]).toMatchObject({
      op: 'done',
      result: { code: 53, diagnostic: 'authentication required' },
    });
  });

  it('reads a subtree search and sizeLimitExceeded', () => {
    const all = split(hexFixture('ldap', 'slapd-2.5-search-sub'));
    expect(all.flatMap((m) => (m.op === 'entry' ? [m.dn] : []))).toContain('uid=bob,ou=people,dc=lab,dc=test');
    const limited = split(hexFixture('ldap', 'slapd-2.5-search-sizelimit'));
    expect(limited.filter((m) => m.op === 'entry')).toHaveLength(3);
    expect(limited.at(-1)).toMatchObject({ op: 'done', result: { code: 4 } });
  });

  it('encodes requests as slapd accepts them, and never throws on hostile input', () => {
    expect(Buffer.from(encodeAnonymousBind(1)).toString('hex')).toBe('300c020101600702010304008000');
    expect(encodeSearch(2, { base: '', scope: 'base' })[0]).toBe(0x30);
    expect(() => messageLength(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toThrow(RangeError);
    expect(() => messageLength(Buffer.from('SSH-2.0'))).toThrow(RangeError);
    const raw = hexFixture('ldap', 'slapd-2.5-rootdse');
    for (let n = 0; n < raw.length; n += 7) expect(() => parseMessage(raw.subarray(0, n))).not.toThrow();
    expect(parseMessage(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toBeNull();
  });
});
