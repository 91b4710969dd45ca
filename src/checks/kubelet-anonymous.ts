/**
 * kubelet-anonymous: requests GET /pods from the kubelet API (10250, HTTPS) without credentials. 200 with a
 * PodList means anonymous requests are authenticated and authorised (--anonymous-auth=true with
 * --authorization-mode=AlwaysAllow): anyone can list pods and, through /exec and /run, run commands in them.
 * 403 means anonymous authentication is on but authorisation refuses; 401 means it is off. Never calls /exec.
 *
 * @output
 * 10250/tcp kubelet-anonymous: critical — the kubelet lists 12 pods without credentials (kube-system/coredns-…)
 */
import type { Check, CheckFinding } from './types.js';
import { header } from '../protocols/http/codec.js';
import { httpFailure, httpRequest } from '../protocols/http/client.js';

interface PodList {
  kind?: unknown;
  items?: unknown;
}

/** Pod names as namespace/name from a PodList body (at most `max`), or null when the body is no PodList. */
export function podsOf(body: string, max = 10): { count: number; names: string[] } | null {
  let parsed: PodList;
  try {
    parsed = JSON.parse(body) as PodList;
  } catch {
    return null;
  }
  if (
    typeof parsed !== 'object' ||
    (parsed as PodList | null) === null ||
    parsed.kind !== 'PodList' ||
    !Array.isArray(parsed.items)
  ) {
    return null;
  }
  const items = parsed.items as unknown[];
  const names = items.slice(0, max).map((item) => {
    const meta = (item as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
    return `${typeof meta?.namespace === 'string' ? meta.namespace : '?'}/${typeof meta?.name === 'string' ? meta.name : '?'}`;
  });
  return { count: items.length, names };
}

export const check: Check = {
  id: 'kubelet-anonymous',
  title: { en: 'Kubelet API without authentication', zh: 'Kubelet API 未认证访问' },
  categories: ['safe', 'auth'],
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/',
    'CVE-2018-1002105',
  ],
  applies: { transport: 'tcp', ports: [10250], services: ['kubelet'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    // The kubelet API is HTTPS only; identification may have called it plain http if it did not see TLS.
    const tls = service === null || service.tls || service.service !== 'http';
    let response: Awaited<ReturnType<typeof httpRequest>>;
    try {
      response = await httpRequest(
        { host, port, tls, timeoutMs: ctx.timeoutMs, signal: ctx.signal, maxBytes: 2 << 20 },
        'GET',
        '/pods',
        [['Accept', 'application/json']],
      );
    } catch (err) {
      return httpFailure(err);
    }
    const body = Buffer.from(response.body).toString('utf8');
    const pods = response.status === 200 ? podsOf(body) : null;
    const evidence = {
      status: response.status,
      tls,
      server: header(response, 'server') ?? null,
      pods: pods?.count ?? null,
      sample: pods?.names.join(', ') ?? null,
      truncated: !response.complete,
    };
    if (response.status === 401) {
      return { status: 'ok', evidence: { ...evidence, anonymous: 'off' }, findings: [] };
    }
    if (response.status === 403) {
      const finding: CheckFinding = {
        key: 'anonymous-auth',
        severity: 'low',
        title: {
          en: 'Kubelet accepts anonymous requests (authorisation refuses them)',
          zh: 'Kubelet 接受匿名请求（但授权拒绝）',
        },
        detail: {
          en: 'GET /pods was answered 403 Forbidden: anonymous authentication is enabled and only the authoriser stands between anyone on the network and the kubelet. Set authentication.anonymous.enabled: false (--anonymous-auth=false) and keep authorization.mode: Webhook, and allow 10250 only from the control plane.',
          zh: 'GET /pods 返回 403 Forbidden：kubelet 启用了匿名认证，网络上的任何人与 kubelet 之间只隔着授权这一层。请设置 authentication.anonymous.enabled: false（--anonymous-auth=false），保持 authorization.mode: Webhook，并只允许控制平面访问 10250 端口。',
        },
        action: 'harden',
        evidence,
      };
      return {
        status: 'ok',
        evidence: { ...evidence, anonymous: 'authenticated, not authorised' },
        findings: [finding],
      };
    }
    if (pods === null) {
      return response.status === 200
        ? { status: 'not-applicable', reason: 'GET /pods returned 200 without a PodList: not a kubelet' }
        : { status: 'ok', evidence: { ...evidence, anonymous: 'unknown' }, findings: [] };
    }
    const finding: CheckFinding = {
      key: '',
      severity: 'critical',
      title: {
        en: `The kubelet lists ${pods.count} pod(s) without credentials`,
        zh: `Kubelet 无需凭据即可列出 ${pods.count} 个 Pod`,
      },
      detail: {
        en: `GET /pods returned the node's PodList (${pods.names.slice(0, 5).join(', ')}) to an anonymous client. The same API runs commands in any container (/exec, /run), reads logs and secrets mounted into pods: this is a full node and often cluster compromise, exploited by cryptomining botnets (TeamTNT, Kinsing). Set authentication.anonymous.enabled: false and authorization.mode: Webhook in the kubelet configuration, restart it, and firewall 10250 to the control plane.`,
        zh: `GET /pods 向匿名客户端返回了该节点的 Pod 列表（${pods.names.slice(0, 5).join('、')}）。同一 API 还能在任意容器中执行命令（/exec、/run），读取日志和挂载进 Pod 的密钥：这意味着节点乃至整个集群可被完全控制，TeamTNT、Kinsing 等挖矿僵尸网络就利用过这一点。请在 kubelet 配置中设置 authentication.anonymous.enabled: false 和 authorization.mode: Webhook 后重启，并用防火墙只允许控制平面访问 10250。`,
      },
      action: 'restrict',
      evidence,
    };
    return {
      status: 'ok',
      evidence: { ...evidence, anonymous: 'allowed' },
      findings: [finding],
      service: { service: 'kubelet', product: 'Kubernetes kubelet API', tls },
    };
  },
};
