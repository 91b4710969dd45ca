/**
 * etcd-noauth: without credentials or a client certificate, asks the v3 gateway for the number of keys only
 * (POST /v3/kv/range, key "\0", range_end "\0", count_only) — no value is read or written. A count means anyone
 * who reaches the port can read and change the store, which in Kubernetes holds every Secret. etcd 3.3 and 3.2
 * serve the gateway under /v3beta and /v3alpha; those are tried when /v3 is missing.
 *
 * @output
 * 2379/tcp etcd-noauth: 2 keys readable without authentication (etcd 3.4)
 */
import type { Check } from './types.js';
import { etcdRequestAnyTls } from '../protocols/etcd/client.js';
import { COUNT_ALL_KEYS, parseRange, type RangeAnswer } from '../protocols/etcd/codec.js';
import { httpFailure } from '../protocols/http/client.js';

const GATEWAYS = ['/v3', '/v3beta', '/v3alpha'];

export const check: Check = {
  id: 'etcd-noauth',
  title: { en: 'etcd readable without authentication', zh: 'etcd 无需认证即可访问' },
  categories: ['safe', 'auth', 'vuln'],
  references: [
    'https://etcd.io/docs/v3.5/op-guide/authentication/rbac/',
    'https://etcd.io/docs/v3.5/op-guide/security/',
    'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters',
  ],
  applies: { transport: 'tcp', ports: [2379], services: ['etcd'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    try {
      let answer: RangeAnswer | null = null;
      let tls = false;
      let gateway: string | null = null;
      let lastStatus = 0;
      for (const prefix of GATEWAYS) {
        const r = await etcdRequestAnyTls(
          { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal },
          service?.tls === true,
          'POST',
          `${prefix}/kv/range`,
          COUNT_ALL_KEYS,
        );
        lastStatus = r.response.status;
        if (r.response.status === 404) continue;
        answer = parseRange(r.response.body);
        tls = r.tls;
        gateway = prefix;
        break;
      }
      if (answer === null) {
        return { status: 'not-applicable', reason: `no etcd v3 gateway answered (HTTP ${lastStatus})` };
      }
      if (answer.kind === 'error') {
        return {
          status: 'ok',
          evidence: { tls, gateway, auth: 'required', code: answer.code, error: answer.message },
          findings: [],
        };
      }
      const evidence = { tls, gateway, auth: 'none', keys: answer.count, revision: answer.revision };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'critical',
            title: {
              en: `etcd answers without authentication (${answer.count} keys)`,
              zh: `etcd 无需认证即可访问（共 ${answer.count} 个键）`,
            },
            detail: {
              en: 'A range request without credentials or client certificate was answered. Anyone who reaches the port can read every key and value, change or delete them; in a Kubernetes cluster that is every Secret and service-account token, and write access to etcd is control of the cluster. Require client certificates (--client-cert-auth with --trusted-ca-file) or enable RBAC auth (etcdctl auth enable), and let only the API servers reach 2379.',
              zh: '不带凭据和客户端证书的范围查询得到了应答。任何能连到该端口的人都能读取、修改和删除所有键值；在 Kubernetes 集群中这意味着所有 Secret 和服务账号令牌，而对 etcd 的写权限就等于控制整个集群。请要求客户端证书（--client-cert-auth 配合 --trusted-ca-file）或启用 RBAC 认证（etcdctl auth enable），并只允许 API Server 访问 2379。',
            },
            action: 'restrict',
            evidence,
          },
        ],
        service: { service: 'etcd', product: 'etcd', ...(tls && { tls: true }) },
      };
    } catch (err) {
      return httpFailure(err);
    }
  },
};
