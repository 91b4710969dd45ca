import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identQuery, parseIdentReply } from './codec.js';

const fixture = (name: string): string =>
  Buffer.from(
    readFileSync(new URL(`../../../test/fixtures/ident/${name}`, import.meta.url), 'utf8').trim(),
    'hex',
  ).toString('latin1');

describe('ident', () => {
  it('reads oidentd answers: a user id, and a hidden user', () => {
    expect(parseIdentReply(fixture('oidentd-2.5.0-userid.hex'))).toMatchObject({
      kind: 'userid',
      serverPort: 2026,
      os: 'UNIX',
      charset: null,
      userId: 'news',
    });
    expect(parseIdentReply(fixture('oidentd-2.5.0-hidden.hex'))).toMatchObject({
      kind: 'error',
      serverPort: 2026,
      error: 'HIDDEN-USER',
    });
  });

  it('follows RFC 1413: spaces, a charset, colons inside the user id', () => {
    expect(parseIdentReply('6193, 23 : USERID : UNIX , UTF-8 : a:b c\r\n')).toEqual({
      kind: 'userid',
      serverPort: 6193,
      clientPort: 23,
      os: 'UNIX',
      charset: 'UTF-8',
      userId: 'a:b c',
    });
    expect(parseIdentReply('6195, 23 : ERROR : NO-USER')).toMatchObject({ kind: 'error', error: 'NO-USER' });
    for (const bad of ['', 'hello', '1, 2 : USERID : UNIX', '1, 2 : USERID :  : x', 'SSH-2.0-x'])
      expect(parseIdentReply(bad)).toBeNull();
  });

  it('builds queries only for real ports', () => {
    expect(identQuery(22, 40000)).toBe('22, 40000\r\n');
    expect(() => identQuery(0, 1)).toThrow(RangeError);
    expect(() => identQuery(1, 70000)).toThrow(RangeError);
  });
});
