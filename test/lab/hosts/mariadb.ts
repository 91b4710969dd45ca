// MariaDB with root allowed from anywhere and an empty password: what mysql-banner reads and mysql-empty-password
// (intrusive) proves; no TLS.  mariadbd runs in the foreground with its data, socket, pid file and log under ctx.dir.
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHost, LabHostContext } from '../lab.js';
import { labCertificate } from '../support/tls.js';

/** Initialise a private data directory, then start mariadbd on the lab addresses with `initSql` run at start-up. */
export async function startMariadb(ctx: LabHostContext, initSql: string, tls = false): Promise<void> {
  const id = /uid=(\d+)\S* gid=(\d+)/.exec(ctx.exec('id', ['mysql']));
  const uid = Number(id?.[1] ?? 0);
  const gid = Number(id?.[2] ?? 0);
  const data = join(ctx.dir, 'data');
  const run = join(ctx.dir, 'run');
  for (const d of [data, run]) {
    mkdirSync(d, { recursive: true, mode: 0o750 });
    chownSync(d, uid, gid);
  }
  ctx.exec('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${data}`,
    '--user=mysql',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  const init = ctx.file('init.sql', initSql);
  chownSync(init, uid, gid);
  const tlsArgs: string[] = [];
  if (tls) {
    const cert = labCertificate(ctx, `${ctx.netns.replace(/^pwlab-/, '')}.lab.test`);
    chownSync(cert.key, uid, gid);
    tlsArgs.push(`--ssl-cert=${cert.cert}`, `--ssl-key=${cert.key}`, `--ssl-ca=${cert.ca}`);
  }
  ctx.daemon(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${run}/mysqld.sock`,
      `--pid-file=${run}/mysqld.pid`,
      `--log-error=${run}/mysqld.err`,
      `--init-file=${init}`,
      '--user=mysql',
      '--skip-name-resolve',
      `--bind-address=${ctx.address},${ctx.address6}`,
      '--port=3306',
      ...tlsArgs,
    ],
    'mariadbd',
  );
  await Promise.all([ctx.waitTcp(3306, 60_000), ctx.waitTcp(3306, 60_000, ctx.address6)]);
}

export const host: LabHost = {
  name: 'mariadb',
  octet: 180,
  description: 'MariaDB with root@% and an empty password',
  packages: ['mariadb-server'],
  programs: ['mariadbd', 'mariadb-install-db'],
  async start(ctx) {
    await startMariadb(
      ctx,
      [
        "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '';",
        "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;",
        '',
      ].join('\n'),
    );
  },
};
