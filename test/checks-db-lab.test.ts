// MySQL/MariaDB, PostgreSQL, LDAP and etcd checks against real Debian daemons in the lab: each finds its weakness
// on the weak host and nothing on the hardened counterpart.
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckOutcome } from '../src/checks/types.js';
import { labHost } from './lab/lab.js';
import { check as mysqlBanner } from '../src/checks/mysql-banner.js';
import { check as mysqlEmpty } from '../src/checks/mysql-empty-password.js';
import { check as pgDetect } from '../src/checks/postgresql-detect.js';
import { check as pgNoauth } from '../src/checks/postgresql-noauth.js';
import { check as ldapRootDse } from '../src/checks/ldap-rootdse.js';
import { check as ldapBind } from '../src/checks/ldap-anonymous-bind.js';
import { check as ldapSearch } from '../src/checks/ldap-anonymous-search.js';
import { check as etcdVersion } from '../src/checks/etcd-version.js';
import { check as etcdNoauth } from '../src/checks/etcd-noauth.js';
import { ok } from './support/check-outcome.js';

function run(check: Check, host: string, port: number, intrusive = false): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: { host, port, transport: 'tcp', service: null },
    signal: AbortSignal.timeout(30_000),
    timeoutMs: 5_000,
    intrusive,
    args: {},
  };
  return check.run(ctx);
}

const mariadb = labHost('mariadb');
const mariadbHard = labHost('mariadb-hard');
describe.runIf(mariadb !== null && mariadbHard !== null)('MySQL checks on MariaDB', () => {
  const weak = mariadb?.address ?? '';
  const hard = mariadbHard?.address ?? '';
  it('mysql-banner: reads MariaDB, its version and plugin; flags the missing TLS only where it is missing', async () => {
    const r = ok(await run(mysqlBanner, weak, 3306));
    expect(r.evidence).toMatchObject({
      protocol: 10,
      product: 'MariaDB',
      authPlugin: 'mysql_native_password',
      tls: false,
    });
    expect(String(r.evidence['version'])).toMatch(/^10\.\d+\.\d+$/);
    expect(r.findings.map((f) => f.key)).toEqual(['no-tls']);
    expect(r.service).toMatchObject({ service: 'mysql', product: 'MariaDB' });
    const h = ok(await run(mysqlBanner, hard, 3306));
    expect(h.evidence['tls']).toBe(true);
    expect(h.findings).toEqual([]);
  });

  it('mysql-banner: identifies the server from its "host is not allowed" error (IPv6 client on mariadb-hard)', async () => {
    const r = ok(await run(mysqlBanner, mariadbHard?.address6 ?? '', 3306));
    expect(r.evidence).toMatchObject({ errorCode: 1130, hostRefused: true, product: 'MariaDB' });
  });

  it('mysql-empty-password: logs in as root on mariadb, is refused on mariadb-hard, does nothing unless intrusive', async () => {
    const r = ok(await run(mysqlEmpty, weak, 3306, true));
    expect(r.evidence['login']).toBe('accepted');
    expect(r.findings[0]?.severity).toBe('critical');
    const h = ok(await run(mysqlEmpty, hard, 3306, true));
    expect(h.evidence).toMatchObject({ login: 'refused', errorCode: 1045 });
    expect(h.findings).toEqual([]);
    expect((await run(mysqlEmpty, weak, 3306)).status).toBe('not-applicable');
  });
});

const postgres = labHost('postgres');
const postgresHard = labHost('postgres-hard');
describe.runIf(postgres !== null && postgresHard !== null)('PostgreSQL checks on PostgreSQL 15', () => {
  it('postgresql-detect: no TLS on postgres (finding), TLS and the lab certificate on postgres-hard', async () => {
    for (const address of [postgres?.address ?? '', postgres?.address6 ?? '']) {
      const r = ok(await run(pgDetect, address, 5432));
      expect(r.evidence).toMatchObject({ tls: false, sslResponse: 'N', protocols: '3.0-3.0', sqlState: '0A000' });
      expect(r.findings.map((f) => f.key)).toEqual(['no-tls']);
    }
    const h = ok(await run(pgDetect, postgresHard?.address ?? '', 5432));
    expect(h.evidence).toMatchObject({ tls: true, sslResponse: 'S', protocols: '3.0-3.0' });
    expect(String(h.evidence['certSubject'])).toContain('postgres-hard.lab.test');
    expect(h.findings).toEqual([]);
  });

  it('postgresql-noauth: trust on postgres is critical; SCRAM on postgres-hard is not', async () => {
    const r = ok(await run(pgNoauth, postgres?.address ?? '', 5432));
    expect(r.evidence).toMatchObject({ auth: 'trust', superuser: 'on' });
    expect(String(r.evidence['version'])).toMatch(/^15\.\d+/);
    expect(r.findings[0]?.severity).toBe('critical');
    const h = ok(await run(pgNoauth, postgresHard?.address ?? '', 5432));
    expect(h.evidence).toMatchObject({ auth: 'sasl', tls: true });
    expect(String(h.evidence['saslMechanisms'])).toContain('SCRAM-SHA-256');
    expect(h.findings).toEqual([]);
  });
});

const ldap = labHost('ldap');
const ldapHard = labHost('ldap-hard');
describe.runIf(ldap !== null && ldapHard !== null)('LDAP checks on slapd', () => {
  it('ldap-rootdse: reads the naming context and StartTLS over 389 and 636; refused on ldap-hard', async () => {
    for (const port of [389, 636]) {
      const r = ok(await run(ldapRootDse, ldap?.address ?? '', port));
      expect(r.evidence).toMatchObject({
        tls: port === 636,
        namingContexts: 'dc=lab,dc=test',
        ldapVersions: '3',
        startTls: true,
      });
      expect(r.findings).toEqual([]);
    }
    const h = ok(await run(ldapRootDse, ldapHard?.address ?? '', 389));
    expect(h.evidence).toMatchObject({ readable: false, resultCode: 53 });
    expect(h.findings).toEqual([]);
  });

  it('ldap-anonymous-bind: accepted with entries visible on ldap, refused (48) on ldap-hard', async () => {
    for (const port of [389, 636]) {
      const r = ok(await run(ldapBind, ldap?.address ?? '', port));
      expect(r.evidence).toMatchObject({ bind: 'accepted', base: 'dc=lab,dc=test', entriesVisible: 2 });
      expect(r.findings[0]?.severity).toBe('medium');
      const h = ok(await run(ldapBind, ldapHard?.address ?? '', port));
      expect(h.evidence).toMatchObject({ bind: 'refused', resultCode: 48 });
      expect(h.findings).toEqual([]);
    }
  });

  it('ldap-anonymous-search: lists the tree on ldap (IPv4 and IPv6), nothing on ldap-hard', async () => {
    for (const address of [ldap?.address ?? '', ldap?.address6 ?? '']) {
      const r = ok(await run(ldapSearch, address, 389));
      expect(r.evidence).toMatchObject({ base: 'dc=lab,dc=test', entries: 6, more: false });
      expect(String(r.evidence['sample'])).toContain('uid=alice,ou=people,dc=lab,dc=test');
      expect(r.findings[0]?.severity).toBe('high');
    }
    const h = ok(await run(ldapSearch, ldapHard?.address ?? '', 389));
    expect(h.findings).toEqual([]);
    expect(h.evidence['base']).toBeNull();
  });
});

const etcd = labHost('etcd');
const etcdHard = labHost('etcd-hard');
describe.runIf(etcd !== null && etcdHard !== null)('etcd checks on etcd 3.4', () => {
  it('etcd-version: plain HTTP on etcd (finding), TLS on etcd-hard', async () => {
    const r = ok(await run(etcdVersion, etcd?.address ?? '', 2379));
    expect(r.evidence).toMatchObject({ tls: false });
    expect(String(r.evidence['server'])).toMatch(/^3\.\d+\.\d+$/);
    expect(r.findings.map((f) => f.key)).toEqual(['plain-http']);
    const h = ok(await run(etcdVersion, etcdHard?.address ?? '', 2379));
    expect(h.evidence['tls']).toBe(true);
    expect(h.findings).toEqual([]);
  });

  it('etcd-noauth: counts the keys on etcd, is refused on etcd-hard', async () => {
    for (const address of [etcd?.address ?? '', etcd?.address6 ?? '']) {
      const r = ok(await run(etcdNoauth, address, 2379));
      expect(r.evidence).toMatchObject({ auth: 'none', keys: 2, gateway: '/v3' });
      expect(r.findings[0]?.severity).toBe('critical');
    }
    const h = ok(await run(etcdNoauth, etcdHard?.address ?? '', 2379));
    expect(h.evidence).toMatchObject({ auth: 'required', tls: true });
    expect(String(h.evidence['error'])).toContain('user name is empty');
    expect(h.findings).toEqual([]);
  });
});
