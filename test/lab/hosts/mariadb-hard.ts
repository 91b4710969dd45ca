// MariaDB hardened: root@localhost only through the unix socket, root from the lab's IPv4 network only with a
// password, TLS offered with a lab-CA certificate, and no account at all for IPv6 clients (they get "Host … is not allowed to connect").
import type { LabHost } from '../lab.js';
import { startMariadb } from './mariadb.js';

export const host: LabHost = {
  name: 'mariadb-hard',
  octet: 181,
  description: 'MariaDB with TLS, a root password from 203.0.113.0/24 and no account for IPv6 clients',
  packages: ['mariadb-server'],
  programs: ['mariadbd', 'mariadb-install-db'],
  async start(ctx) {
    await startMariadb(
      ctx,
      [
        "CREATE USER IF NOT EXISTS 'root'@'203.0.113.%' IDENTIFIED BY 'lab-only-mariadb-secret-4c1e';",
        "GRANT ALL PRIVILEGES ON *.* TO 'root'@'203.0.113.%';",
        '',
      ].join('\n'),
      true,
    );
  },
};
