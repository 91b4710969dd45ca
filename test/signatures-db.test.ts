// The signatures of knowledge/signatures/{mysql,postgresql,ms-sql-s,oracle-tns,ldap,etcd}.yaml on replies captured
// from the lab's MariaDB, PostgreSQL, slapd and etcd, and on replies built from the documented formats of the
// services the lab cannot run (SQL Server, Oracle listener, MySQL, Active Directory).
import { describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../src/identify/match.js';
import { loadSignatureSources } from '../src/identify/sources.js';
import { hexFixture } from './support/fixture.js';

const matcher = new SignatureMatcher(loadSignatureSources());
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('signatures of the database and directory services', () => {
  it('mysql: MariaDB greetings, the host-not-allowed error, and MySQL 8', () => {
    for (const name of ['mariadb-10.11-greeting', 'mariadb-10.11-greeting-tls']) {
      expect(matcher.match('banner', hexFixture('mysql', name))).toMatchObject({
        service: 'mysql',
        product: 'MariaDB',
        version: '10.11.19',
        cpe: 'cpe:/a:mariadb:mariadb:10.11.19',
      });
    }
    expect(matcher.match('banner', hexFixture('mysql', 'mariadb-10.11-host-not-allowed'))).toMatchObject({
      service: 'mysql',
      product: 'MariaDB',
      extraInfo: 'unauthorized',
    });
    const mysql8 = bytes([0x4a, 0, 0, 0, 0x0a], '8.0.36-0ubuntu0.22.04.1', [0, 1, 2, 3, 4]);
    expect(matcher.match('banner', mysql8)).toMatchObject({ product: 'MySQL', version: '8.0.36' });
    const mariadb11 = bytes([0x4a, 0, 0, 0, 0x0a], '11.4.2-MariaDB-ubu2404', [0, 1, 2, 3, 4]);
    expect(matcher.match('banner', mariadb11)).toMatchObject({ product: 'MariaDB', version: '11.4.2' });
    expect(matcher.match('banner', bytes('220 mail ESMTP\r\n'))?.service).not.toBe('mysql');
  });

  it('postgresql: the unsupported-protocol error, as a first message and localised', () => {
    expect(matcher.match('postgres-startup', hexFixture('postgresql', 'pg15-probe-startup'))).toMatchObject({
      service: 'postgresql',
      product: 'PostgreSQL',
      extraInfo: 'protocol 3.0-3.0',
    });
    const german = bytes(
      'E',
      [0, 0, 0, 0x40],
      'SFATAL',
      [0],
      'VFATAL',
      [0],
      'C0A000',
      [0],
      'Mnicht unterstütztes Protokoll',
      [0, 0],
    );
    expect(matcher.match('postgres-startup', german)).toMatchObject({ service: 'postgresql', product: 'PostgreSQL' });
    expect(matcher.match('postgres-sslrequest', hexFixture('postgresql', 'pg15-sslrequest-s'))).toMatchObject({
      service: 'postgresql',
      soft: true,
    });
  });

  it('ms-sql-s: a PRELOGIN answer built from MS-TDS 2.2.6.5', () => {
    const reply = bytes(
      [0x04, 0x01, 0x00, 0x25, 0x00, 0x00, 0x01, 0x00],
      [0x00, 0x00, 0x10, 0x00, 0x06, 0x01, 0x00, 0x16, 0x00, 0x01, 0xff, 0, 0, 0, 0, 0],
      [0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x00],
    );
    expect(matcher.match('tds-prelogin', reply)).toMatchObject({
      service: 'ms-sql-s',
      product: 'Microsoft SQL Server',
    });
  });

  it('oracle-tns: the VERSION banner and the REFUSE with VSNNUM', () => {
    const data = '(DESCRIPTION=(TMP=)(VSNNUM=186646784)(ERR=1189)(ERROR_STACK=(ERROR=(CODE=1189)(EMFI=4))))';
    const refuse = bytes([0, 12 + data.length, 0, 0, 4, 0, 0, 0, 0x22, 0, 0, data.length], data);
    expect(matcher.match('tns-version', refuse)).toMatchObject({
      service: 'oracle-tns',
      product: 'Oracle TNS listener',
      extraInfo: 'VSNNUM 186646784, ERR 1189',
    });
    const banner = bytes([0, 90, 0, 0, 6, 0, 0, 0, 0, 0], 'TNSLSNR for Linux: Version 19.0.0.0.0 - Production');
    expect(matcher.match('tns-version', banner)).toMatchObject({ version: '19.0.0.0.0', extraInfo: 'Linux' });
  });

  it('ldap: slapd open and refusing, and Active Directory', () => {
    for (const name of ['slapd-2.5-probe-rootdse', 'slapd-2.5-probe-rootdse-refused']) {
      expect(matcher.match('ldap-rootdse', hexFixture('ldap', name))).toMatchObject({ service: 'ldap' });
    }
    const ad = bytes(
      [0x30, 0x40, 0x02, 0x01, 0x01, 0x64, 0x3b, 0x04, 0x00, 0x30, 0x37, 0x30, 0x35, 0x04, 0x13],
      'domainFunctionality',
    );
    expect(matcher.match('ldap-rootdse', ad)).toMatchObject({ product: 'Microsoft Active Directory LDAP' });
  });

  it('etcd: GET /version', () => {
    expect(matcher.match('etcd-version', hexFixture('etcd', 'etcd-3.4-probe-version'))).toMatchObject({
      service: 'etcd',
      product: 'etcd',
      version: '3.4.23',
      extraInfo: 'cluster 3.4.0',
    });
  });
});
