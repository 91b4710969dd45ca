// PostgreSQL 15 hardened: SCRAM-SHA-256 passwords for every network client, TLS offered with a lab-CA certificate.
import type { LabHost } from '../lab.js';
import { startPostgres } from './postgres.js';

export const host: LabHost = {
  name: 'postgres-hard',
  octet: 184,
  description: 'PostgreSQL 15, scram-sha-256 for every network client, TLS on',
  packages: ['postgresql-15', 'util-linux'],
  programs: ['/usr/lib/postgresql/15/bin/postgres', '/usr/lib/postgresql/15/bin/initdb', 'setpriv'],
  async start(ctx) {
    await startPostgres(ctx, {
      hba: 'local all all peer\nhost all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n',
      password: 'lab-only-postgres-secret-91d2',
      tls: true,
    });
  },
};
