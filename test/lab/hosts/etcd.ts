// etcd 3.4 without authentication, a key written at start: etcd-noauth reports that anyone can read the store.
// Client URLs on the lab addresses (etcdctl runs inside the namespace), peers on loopback only.
import type { LabHost, LabHostContext } from '../lab.js';
import { labCertificate } from '../support/tls.js';

/** Start a one-member etcd with its data under ctx.dir; `setup` runs etcdctl commands once it answers. */
export async function startEtcd(
  ctx: LabHostContext,
  setup: readonly (readonly string[])[],
  tls = false,
): Promise<void> {
  const name = ctx.netns.replace(/^pwlab-/, '');
  const scheme = tls ? 'https' : 'http';
  const cert = tls ? labCertificate(ctx, `${name}.lab.test`) : null;
  // A hardened etcd names its suites: ECDHE with AES-GCM or ChaCha20 only (Go's defaults still allow CBC and 3DES).
  const suites = [
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  ].join(',');
  const certArgs = cert === null ? [] : ['--cert-file', cert.cert, '--key-file', cert.key, '--cipher-suites', suites];
  const ctlArgs = cert === null ? [] : [`--cacert=${cert.ca}`];
  ctx.daemon(
    'etcd',
    [
      '--name',
      name,
      '--data-dir',
      `${ctx.dir}/data`,
      '--listen-client-urls',
      `${scheme}://${ctx.address}:2379,${scheme}://[${ctx.address6}]:2379`,
      '--advertise-client-urls',
      `${scheme}://${ctx.address}:2379`,
      '--listen-peer-urls',
      'http://127.0.0.1:2380',
      '--initial-advertise-peer-urls',
      'http://127.0.0.1:2380',
      '--initial-cluster',
      `${name}=http://127.0.0.1:2380`,
      '--log-outputs',
      'stderr',
      ...certArgs,
    ],
    'etcd',
  );
  await ctx.waitTcp(2379, 30_000);
  for (const args of setup)
    ctx.exec('env', ['ETCDCTL_API=3', 'etcdctl', `--endpoints=${scheme}://${ctx.address}:2379`, ...ctlArgs, ...args]);
}

export const host: LabHost = {
  name: 'etcd',
  octet: 190,
  description: 'etcd 3.4 without authentication, with keys under /lab/',
  packages: ['etcd-server', 'etcd-client'],
  programs: ['etcd', 'etcdctl'],
  async start(ctx) {
    await startEtcd(ctx, [
      ['put', '/lab/config/database-url', 'postgres://app@db.lab.test/app'],
      ['put', '/lab/registry/web-1', '203.0.113.10:8080'],
    ]);
  },
};
