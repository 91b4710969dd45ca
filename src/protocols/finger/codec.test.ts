import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerQuery, parseFingerList } from './codec.js';

const fixture = (name: string): string =>
  Buffer.from(
    readFileSync(new URL(`../../../test/fixtures/finger/${name}`, import.meta.url), 'utf8').trim(),
    'hex',
  ).toString('latin1');

describe('finger', () => {
  it('lists the users BSD fingerd shows, and nobody when no one is logged on', () => {
    expect(parseFingerList(fixture('bsd-fingerd-0.17-list.hex'))).toEqual({
      users: ['news', 'root'],
      nobody: false,
      refused: false,
    });
    expect(parseFingerList(fixture('bsd-fingerd-0.17-nobody.hex'))).toEqual({
      users: [],
      nobody: true,
      refused: false,
    });
  });

  it('reads long-format replies and recognises refusals', () => {
    expect(parseFingerList('Login: alice          \t\t\tName: Alice\r\nDirectory: /home/alice\r\n').users).toEqual([
      'alice',
    ]);
    expect(parseFingerList('finger: user listing disabled\r\n')).toMatchObject({ users: [], refused: true });
    expect(parseFingerList('Login Name\n'.concat('u x\n'.repeat(500))).users).toHaveLength(1);
  });

  it('builds queries and refuses multi-line ones', () => {
    expect(fingerQuery()).toBe('\r\n');
    expect(fingerQuery('root', true)).toBe('/W root\r\n');
    expect(() => fingerQuery('a\r\nb')).toThrow(RangeError);
  });
});
