import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../../../test/fixtures/inventory/support.js';
import { parsePasswd, readPasswd } from './passwd.js';

describe('parsePasswd', () => {
  it('maps uids to names, first entry wins, junk skipped', () => {
    const users = parsePasswd(fixtureText('linux', 'passwd'));
    expect(users.get(0)).toBe('root'); // not 'toor', listed later with uid 0
    expect(users.get(33)).toBe('www-data');
    expect(users.get(101)).toBe('systemd-resolve');
    expect(users.get(1000)).toBe('alice');
    expect(users.has(999)).toBe(false);
    expect([...users.values()]).not.toContain('+@netgroup');
    expect(users.size).toBe(6);
  });
  it('skips lines without a name or a numeric uid', () => {
    expect(parsePasswd('a:x:5:5\nb:x:notanumber:1::/:/bin/sh\n:x:6:6::/:\n').get(5)).toBe('a');
    expect(parsePasswd('').size).toBe(0);
  });
  it('reads a missing file as no users', () => {
    expect(readPasswd(fixture('no-such-passwd')).size).toBe(0);
    expect(readPasswd(fixture('linux', 'passwd')).get(108)).toBe('avahi');
  });
});
