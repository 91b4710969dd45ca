/**
 * etcd-version: sends GET /version to the client port and reports the etcd server and cluster versions, and
 * whether the port speaks plain HTTP or TLS. A client API in plain HTTP carries keys, values and (with auth on)
 * passwords and tokens in cleartext, and cannot check client certificates: a finding.
 *
 * @output
 * 2379/tcp etcd-version: etcd 3.4.23 (cluster 3.4.0) over plain HTTP
 */
import type { Check, CheckFinding } from './types.js';
import { etcdRequestAnyTls } from '../protocols/etcd/client.js';
import { parseVersion } from '../protocols/etcd/codec.js';
import { httpFailure } from '../protocols/http/client.js';

export const check: Check = {
  id: 'etcd-version',
  title: { en: 'etcd version and transport', zh: 'etcd 版本与传输方式' },
  categories: ['safe', 'discovery'],
  references: ['https://etcd.io/docs/v3.5/op-guide/security/', 'https://etcd.io/docs/v3.5/op-guide/monitoring/'],
  applies: { transport: 'tcp', ports: [2379], services: ['etcd'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    try {
      const { response, tls } = await etcdRequestAnyTls(
        { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal },
        service?.tls === true,
        'GET',
        '/version',
      );
      const version = response.status === 200 ? parseVersion(response.body) : null;
      if (version === null)
        return { status: 'not-applicable', reason: `GET /version is not etcd's (HTTP ${response.status})` };
      const evidence = { server: version.server, cluster: version.cluster, tls };
      const findings: CheckFinding[] = [];
      if (!tls) {
        findings.push({
          key: 'plain-http',
          severity: 'medium',
          title: { en: 'etcd client API over plain HTTP', zh: 'etcd 客户端 API 使用明文 HTTP' },
          detail: {
            en: 'The client port answers without TLS: every key and value, and with auth enabled every password and token, crosses the network in cleartext, and the server cannot demand client certificates. Serve the client URLs over https with --cert-file/--key-file and require client certificates (--client-cert-auth, --trusted-ca-file).',
            zh: '客户端端口不使用 TLS：所有键和值，以及启用认证时的口令和令牌，都以明文在网络上传输，服务器也无法要求客户端证书。请用 --cert-file/--key-file 以 https 提供客户端 URL，并要求客户端证书（--client-cert-auth、--trusted-ca-file）。',
          },
          action: 'harden',
          evidence,
        });
      }
      return {
        status: 'ok',
        evidence,
        findings,
        service: { service: 'etcd', product: 'etcd', version: version.server, ...(tls && { tls: true }) },
      };
    } catch (err) {
      return httpFailure(err);
    }
  },
};
