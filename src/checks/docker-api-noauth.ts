/**
 * docker-api-noauth: sends GET /version and GET /info to the Docker Engine API without credentials. An answer means
 * whoever reaches the port controls the daemon, which is root on the host; nothing is created or changed.
 *
 * @output
 * 2375/tcp docker-api-noauth: Docker Engine 24.0.7 (API 1.43, linux/amd64) answers without authentication
 */
import type { Check } from './types.js';
import { httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

function json(body: Uint8Array): Record<string, unknown> | null {
  try {
    const d: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x.slice(0, 200) : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export const check: Check = {
  id: 'docker-api-noauth',
  title: { en: 'Docker Engine API without authentication', zh: 'Docker Engine API 未启用认证' },
  categories: ['safe', 'auth', 'vuln'],
  references: ['https://docs.docker.com/engine/security/protect-access/', 'https://docs.docker.com/engine/api/'],
  applies: { transport: 'tcp', ports: [2375, 2376], services: ['docker'] },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal);
    try {
      const v = await httpRequest(target, 'GET', '/version');
      if (v.status === 401 || v.status === 403) {
        return { status: 'ok', evidence: { status: v.status, auth: 'required' }, findings: [] };
      }
      const version = v.status === 200 ? json(v.body) : null;
      if (version === null || str(version['ApiVersion']) === null) {
        return {
          status: 'not-applicable',
          reason: `GET /version answered ${v.status} without a Docker version document`,
        };
      }
      const i = await httpRequest(target, 'GET', '/info');
      const info = i.status === 200 ? json(i.body) : null;
      const evidence = {
        auth: 'none',
        tls: target.tls,
        version: str(version['Version']),
        apiVersion: str(version['ApiVersion']),
        os: str(version['Os']),
        arch: str(version['Arch']),
        kernel: str(version['KernelVersion']),
        name: info === null ? null : str(info['Name']),
        operatingSystem: info === null ? null : str(info['OperatingSystem']),
        containers: info === null ? null : num(info['Containers']),
        images: info === null ? null : num(info['Images']),
      };
      return {
        status: 'ok',
        evidence,
        findings: [
          {
            key: '',
            severity: 'critical',
            title: {
              en: `Docker Engine API${evidence.version === null ? '' : ` ${evidence.version}`} answers without authentication`,
              zh: `Docker Engine API${evidence.version === null ? '' : ` ${evidence.version}`} 无需认证即可访问`,
            },
            detail: {
              en: `GET /version${info === null ? '' : ' and /info'} were answered without credentials${evidence.containers === null ? '' : ` (${evidence.containers} containers, ${evidence.images ?? '?'} images on ${evidence.name ?? 'the host'})`}. Anyone who reaches this port can start a privileged container with the host's root file system mounted, which is root on the host; cryptojacking worms scan for exactly this. Remove the tcp:// listener, use the Unix socket or ssh:// contexts, or port 2376 with mutual TLS (--tlsverify).`,
              zh: `未带凭据的 GET /version${info === null ? '' : ' 和 /info'} 得到了应答${evidence.containers === null ? '' : `（${evidence.name ?? '宿主机'}上有 ${evidence.containers} 个容器、${evidence.images ?? '?'} 个镜像）`}。任何能连到该端口的人都可以启动挂载宿主机根文件系统的特权容器，等同于拿到宿主机 root；挖矿蠕虫专门扫描这类端口。请删除 tcp:// 监听，改用 Unix 套接字或 ssh:// 上下文，或使用启用双向 TLS（--tlsverify）的 2376 端口。`,
            },
            action: 'close',
            evidence,
          },
        ],
        service: {
          service: 'docker',
          product: 'Docker Engine',
          ...(evidence.version !== null && { version: evidence.version }),
          extraInfo: `API ${evidence.apiVersion ?? '?'}; ${evidence.os ?? '?'}/${evidence.arch ?? '?'}`,
        },
      };
    } catch (err) {
      return httpFailure(err);
    }
  },
};
