// nginx for lab hosts: one instance per host, every path (pid, logs, temp dirs, certificates) under the host's
// directory, in the foreground. Certificates are made with the openssl command line, like an administrator would.
import type { LabHostContext } from '../lab.js';

/** The http {} block's contents common to every lab nginx: temp paths and logs under ctx.dir. */
export function nginxConf(ctx: LabHostContext, servers: string): string {
  const d = ctx.dir;
  return `
user root root;
worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/nginx-error.log info;
events { worker_connections 128; }
http {
  access_log ${d}/nginx-access.log;
  client_body_temp_path ${d}/tmp/body;
  proxy_temp_path ${d}/tmp/proxy;
  fastcgi_temp_path ${d}/tmp/fastcgi;
  uwsgi_temp_path ${d}/tmp/uwsgi;
  scgi_temp_path ${d}/tmp/scgi;
  types { text/html html; text/plain txt; }
  default_type application/octet-stream;
${servers}
}
`;
}

/** Start nginx with `conf` (written to ctx.dir/nginx.conf) and wait for `ports`. Extra env for OpenSSL. */
export async function startNginx(
  ctx: LabHostContext,
  conf: string,
  ports: readonly number[],
  env: readonly string[] = [],
): Promise<void> {
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) ctx.file(`tmp/${sub}/.keep`, '');
  const path = ctx.file('nginx.conf', conf);
  ctx.exec('nginx', ['-t', '-q', '-p', ctx.dir, '-e', `${ctx.dir}/nginx-error.log`, '-c', path]);
  ctx.daemon(
    'env',
    [...env, 'nginx', '-p', ctx.dir, '-e', `${ctx.dir}/nginx-error.log`, '-c', path, '-g', 'daemon off;'],
    'nginx',
  );
  for (const port of ports) await ctx.waitTcp(port);
}

/** Run openssl in the host's directory (certificates and keys stay there). */
export function openssl(ctx: LabHostContext, args: readonly string[]): string {
  return ctx.exec('env', [`OPENSSL_CONF=${ctx.dir}/ca.cnf`, 'openssl', ...args]);
}
