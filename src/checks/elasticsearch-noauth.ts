/**
 * elasticsearch-noauth: sends GET / without credentials. Elasticsearch and OpenSearch answer it with the cluster
 * name and version when security is off; with security on they answer 401. No index or document is read.
 *
 * @output
 * 9200/tcp elasticsearch-noauth: cluster "prod-logs" (Elasticsearch 7.17.9) answers without credentials
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

interface RootInfo {
  readonly clusterName: string | null;
  readonly nodeName: string | null;
  readonly version: string;
  readonly distribution: string;
  readonly tagline: string | null;
}

/** The fields of the root endpoint's JSON; null when the body is not an Elasticsearch/OpenSearch root document. */
export function parseRoot(body: Uint8Array): RootInfo | null {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as Record<string, unknown>;
  const v = d['version'];
  if (typeof v !== 'object' || v === null) return null;
  const version = (v as Record<string, unknown>)['number'];
  if (typeof version !== 'string') return null;
  const str = (x: unknown): string | null => (typeof x === 'string' ? x.slice(0, 200) : null);
  const tagline = str(d['tagline']);
  const cluster = str(d['cluster_name']);
  if (tagline === null && cluster === null) return null;
  const distribution = str((v as Record<string, unknown>)['distribution']) ?? 'elasticsearch';
  return { clusterName: cluster, nodeName: str(d['name']), version: version.slice(0, 40), distribution, tagline };
}

/** Versions with remote code execution through scripting: CVE-2014-3120 (< 1.2.0), CVE-2015-1427 (< 1.3.8, 1.4.0–1.4.2). */
export function scriptingRce(distribution: string, version: string): string | null {
  if (distribution !== 'elasticsearch') return null;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (m === null) return null;
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (maj === 0 || (maj === 1 && min < 2)) return 'CVE-2014-3120';
  if (maj === 1 && (min === 2 || (min === 3 && pat < 8) || (min === 4 && pat < 3))) return 'CVE-2015-1427';
  return null;
}

export const check: Check = {
  id: 'elasticsearch-noauth',
  title: { en: 'Elasticsearch without authentication', zh: 'Elasticsearch 未启用认证' },
  categories: ['safe', 'auth'],
  references: [
    'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html',
    'CVE-2014-3120',
    'CVE-2015-1427',
  ],
  applies: { transport: 'tcp', ports: [9200], services: ['elasticsearch'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    try {
      const r = await httpRequest(httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal), 'GET', '/');
      if (r.status === 401 || r.status === 403) {
        return {
          status: 'ok',
          evidence: { status: r.status, auth: 'required', wwwAuthenticate: header(r, 'www-authenticate') ?? null },
          findings: [],
        };
      }
      const root = r.status === 200 ? parseRoot(r.body) : null;
      if (root === null)
        return { status: 'not-applicable', reason: `GET / answered ${r.status} without a cluster document` };
      const product = root.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
      const evidence = {
        status: r.status,
        auth: 'none',
        product,
        version: root.version,
        clusterName: root.clusterName,
        nodeName: root.nodeName,
      };
      const findings: CheckFinding[] = [
        {
          key: '',
          severity: 'critical',
          title: {
            en: `${product} ${root.version} answers without credentials`,
            zh: `${product} ${root.version} 无需凭据即可访问`,
          },
          detail: {
            en: `GET / returned cluster "${root.clusterName ?? '?'}" without authentication, so the REST API is open: anyone who reaches the port can search, export, change or delete every index. Open clusters are found and wiped or held for ransom within hours. Enable security (xpack.security.enabled: true with passwords and TLS, or the OpenSearch security plugin), bind to private addresses and firewall 9200.`,
            zh: `GET / 未经认证即返回了集群“${root.clusterName ?? '?'}”的信息，说明 REST API 完全开放：任何能连到该端口的人都可以搜索、导出、修改或删除所有索引。开放的集群往往几小时内就会被发现，随即被清空或勒索。请启用安全功能（xpack.security.enabled: true 并配置口令和 TLS，或启用 OpenSearch 安全插件），只绑定内网地址，并用防火墙限制 9200 端口。`,
          },
          action: 'restrict',
          evidence,
        },
      ];
      const cve = scriptingRce(root.distribution, root.version);
      if (cve !== null) {
        findings.push({
          key: cve,
          severity: 'critical',
          title: {
            en: `${product} ${root.version}: remote code execution through scripting (${cve})`,
            zh: `${product} ${root.version}：可通过脚本远程执行代码（${cve}）`,
          },
          detail: {
            en: `Versions before 1.2.0 run dynamic MVEL scripts by default (CVE-2014-3120) and versions before 1.3.8 and 1.4.3 let Groovy scripts escape their sandbox (CVE-2015-1427): a search request runs commands on the server. Upgrade; this release line is long unsupported.`,
            zh: `1.2.0 之前的版本默认执行动态 MVEL 脚本（CVE-2014-3120），1.3.8 和 1.4.3 之前的版本允许 Groovy 脚本逃逸沙箱（CVE-2015-1427）：一个搜索请求就能在服务器上执行命令。请升级，该版本线早已停止支持。`,
          },
          action: 'harden',
          evidence: { version: root.version },
        });
      }
      return {
        status: 'ok',
        evidence,
        findings,
        service: { service: 'elasticsearch', product, version: root.version },
      };
    } catch (err) {
      return httpFailure(err);
    }
  },
};
