// The MySQL codec on greetings and login replies captured from the lab's MariaDB 10.11, with truncation.
import { describe, expect, it } from 'vitest';
import { hexFixture } from '../../../test/support/fixture.js';
import {
  CAP,
  encodeEmptyPasswordLogin,
  packetLength,
  parseError,
  parseGreeting,
  parseLoginReply,
  parsePacket,
  splitVersion,
} from './codec.js';

const payload = (name: string): Uint8Array => parsePacket(hexFixture('mysql', name))?.payload ?? new Uint8Array();

describe('mysql codec', () => {
  it('parses the MariaDB greeting with and without CLIENT_SSL', () => {
    const g = parseGreeting(payload('mariadb-10.11-greeting'));
    expect(g).toMatchObject({
      protocol: 10,
      product: 'MariaDB',
      version: '10.11.19',
      authPlugin: 'mysql_native_password',
      tls: false,
    });
    expect(g?.scramble).toHaveLength(20);
    expect(parseGreeting(payload('mariadb-10.11-greeting-tls'))?.tls).toBe(true);
  });

  it('parses error packets with and without an SQL state', () => {
    expect(parseError(payload('mariadb-10.11-host-not-allowed'))).toMatchObject({ code: 1130, sqlState: null });
    expect(parseLoginReply(payload('mariadb-10.11-login-denied'))).toMatchObject({
      kind: 'error',
      error: { code: 1045, sqlState: '28000' },
    });
    expect(parseLoginReply(payload('mariadb-10.11-login-ok'))).toEqual({ kind: 'ok' });
  });

  it('frames packets and refuses lengths beyond the cap; truncated input is null, never a throw', () => {
    const raw = hexFixture('mysql', 'mariadb-10.11-greeting');
    expect(packetLength(raw)).toBe(raw.length);
    expect(packetLength(raw.subarray(0, 10))).toBe(-1);
    expect(() => packetLength(Uint8Array.of(0xff, 0xff, 0xff, 0))).toThrow(RangeError);
    const p = payload('mariadb-10.11-greeting');
    for (let n = 0; n < p.length; n++) expect(() => parseGreeting(p.subarray(0, n))).not.toThrow();
    expect(parseGreeting(Buffer.from('\x0aSSH-2.0\0'))).toBeNull();
  });

  it('writes a login with an empty auth response and the server plugin', () => {
    const g = parseGreeting(payload('mariadb-10.11-greeting'));
    if (g === null) throw new Error('no greeting');
    const login = Buffer.from(encodeEmptyPasswordLogin('root', g));
    expect(login.readUInt32LE(0) & CAP.PROTOCOL_41).toBeTruthy();
    expect(login.subarray(32).toString('latin1')).toBe('root\0\0mysql_native_password\0');
    expect(splitVersion('5.5.5-10.11.6-MariaDB-1')).toEqual({ product: 'MariaDB', version: '10.11.6' });
  });
});
