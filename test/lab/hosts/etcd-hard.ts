// etcd 3.4 hardened: client URLs in TLS (lab-CA certificate) and authentication enabled (a root user with a
// password): requests without a token are refused.
import type { LabHost } from '../lab.js';
import { startEtcd } from './etcd.js';

export const host: LabHost = {
  name: 'etcd-hard',
  octet: 191,
  description: 'etcd 3.4 over TLS with auth enabled (root user with a password)',
  packages: ['etcd-server', 'etcd-client'],
  programs: ['etcd', 'etcdctl'],
  async start(ctx) {
    await startEtcd(
      ctx,
      [
        ['put', '/lab/config/database-url', 'postgres://app@db.lab.test/app'],
        ['user', 'add', 'root:lab-only-etcd-secret-6a3b'],
        ['auth', 'enable'],
      ],
      true,
    );
  },
};
