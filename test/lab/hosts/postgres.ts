// PostgreSQL 15 with trust authentication for every network client and no TLS: postgresql-noauth reports it.
// initdb and postgres run as the postgres account with data, socket directory and configuration under ctx.dir.
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHost, LabHostContext } from '../lab.js';
import { labCertificate } from '../support/tls.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** initdb a private cluster and start postgres on the lab addresses with `hba` as pg_hba.conf. */
export async function startPostgres(
  ctx: LabHostContext,
  options: { hba: string; password?: string; tls?: boolean },
): Promise<void> {
  const id = /uid=(\d+)\S* gid=(\d+)/.exec(ctx.exec('id', ['postgres']));
  const uid = Number(id?.[1] ?? 0);
  const gid = Number(id?.[2] ?? 0);
  const root = join(ctx.dir, 'pg');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chownSync(root, uid, gid);
  const own = (path: string): string => {
    chownSync(path, uid, gid);
    return path;
  };
  const asPostgres = ['--reuid=postgres', '--regid=postgres', '--clear-groups', 'env', `HOME=${root}`];
  const initArgs = [`${BIN}/initdb`, '-D', `${root}/data`, '-U', 'postgres', '-E', 'UTF8', '--locale=C'];
  if (options.password !== undefined) {
    const pw = own(ctx.file('pg/pwfile', `${options.password}\n`, 0o600));
    initArgs.push('--auth=scram-sha-256', `--pwfile=${pw}`);
  } else {
    initArgs.push('--auth=trust');
  }
  ctx.exec('setpriv', [...asPostgres, ...initArgs]);
  const hba = own(ctx.file('pg/pg_hba.conf', options.hba));
  const settings = [
    `listen_addresses=${ctx.address},${ctx.address6}`,
    `unix_socket_directories=${root}`,
    `hba_file=${hba}`,
    'logging_collector=off',
  ];
  if (options.tls === true) {
    const cert = labCertificate(ctx, 'postgres-hard.lab.test');
    own(cert.key);
    own(cert.cert);
    settings.push('ssl=on', `ssl_cert_file=${cert.cert}`, `ssl_key_file=${cert.key}`);
  }
  ctx.daemon(
    'setpriv',
    [...asPostgres, `${BIN}/postgres`, '-D', `${root}/data`, ...settings.flatMap((s) => ['-c', s])],
    'postgres',
  );
  await Promise.all([ctx.waitTcp(5432, 30_000), ctx.waitTcp(5432, 30_000, ctx.address6)]);
}

export const host: LabHost = {
  name: 'postgres',
  octet: 183,
  description: 'PostgreSQL 15, trust authentication for 0.0.0.0/0 and ::/0, no TLS',
  packages: ['postgresql-15', 'util-linux'],
  programs: [`${BIN}/postgres`, `${BIN}/initdb`, 'setpriv'],
  async start(ctx) {
    await startPostgres(ctx, {
      hba: 'local all all trust\nhost all all 0.0.0.0/0 trust\nhost all all ::/0 trust\n',
    });
  },
};
