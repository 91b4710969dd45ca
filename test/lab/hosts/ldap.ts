// OpenLDAP slapd with a small dc=lab,dc=test tree that anyone may bind to anonymously and read (the old default
// `access to * by * read`): ldap-anonymous-bind and ldap-anonymous-search report it. LDAP on 389, LDAPS on 636;
// configuration, database and pid file under ctx.dir, loaded with slapadd before start.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHost, LabHostContext } from '../lab.js';
import { labCertificate } from '../support/tls.js';

const ENTRIES = `dn: dc=lab,dc=test
objectClass: dcObject
objectClass: organization
dc: lab
o: Portwarden Lab

dn: ou=people,dc=lab,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=groups,dc=lab,dc=test
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=people,dc=lab,dc=test
objectClass: inetOrgPerson
uid: alice
cn: Alice Example
sn: Example
mail: alice@lab.test
userPassword: lab-only-alice-7d10

dn: uid=bob,ou=people,dc=lab,dc=test
objectClass: inetOrgPerson
uid: bob
cn: Bob Example
sn: Example
mail: bob@lab.test

dn: cn=admins,ou=groups,dc=lab,dc=test
objectClass: groupOfNames
cn: admins
member: uid=alice,ou=people,dc=lab,dc=test
`;

/** Write slapd.conf with `policy` (global access lines), load the tree, start slapd in the foreground. */
export async function startSlapd(ctx: LabHostContext, policy: string, access: string): Promise<void> {
  const cert = labCertificate(ctx, `${ctx.netns.replace(/^pwlab-/, '')}.lab.test`);
  const db = join(ctx.dir, 'db');
  mkdirSync(db, { recursive: true });
  const conf = ctx.file(
    'slapd.conf',
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      `pidfile ${ctx.dir}/slapd.pid`,
      `argsfile ${ctx.dir}/slapd.args`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `TLSCertificateFile ${cert.cert}`,
      `TLSCertificateKeyFile ${cert.key}`,
      `TLSCACertificateFile ${cert.ca}`,
      policy,
      'database mdb',
      'suffix "dc=lab,dc=test"',
      'rootdn "cn=admin,dc=lab,dc=test"',
      'rootpw lab-only-ldap-admin-2b8f',
      `directory ${db}`,
      'maxsize 16777216',
      access,
      '',
    ].join('\n'),
  );
  ctx.file('entries.ldif', ENTRIES);
  ctx.exec('slapadd', ['-f', conf, '-l', join(ctx.dir, 'entries.ldif')]);
  ctx.daemon('slapd', ['-d', '0', '-f', conf, '-h', 'ldap:/// ldaps:///'], 'slapd');
  await Promise.all([ctx.waitTcp(389), ctx.waitTcp(636), ctx.waitTcp(389, 15_000, ctx.address6)]);
}

export const host: LabHost = {
  name: 'ldap',
  octet: 186,
  description: 'slapd (OpenLDAP) with dc=lab,dc=test readable by anonymous binds; LDAPS on 636',
  packages: ['slapd', 'ldap-utils'],
  programs: ['slapd', 'slapadd'],
  async start(ctx) {
    await startSlapd(
      ctx,
      '',
      ['access to attrs=userPassword by self write by anonymous auth by * none', 'access to * by * read'].join('\n'),
    );
  },
};
