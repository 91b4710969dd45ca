/**
 * http-admin-consoles: requests a short list of well-known management paths without credentials (Tomcat
 * manager, Jenkins script console, WebLogic, JBoss JMX console, phpMyAdmin, Solr, Spring Boot actuator, the
 * Kubernetes API) and recognises each console by its own markers, so a server that answers 200 to everything
 * raises nothing. A console that answers without a login is a finding; one behind 401/403 is only recorded.
 * No credentials are tried, nothing is posted.
 *
 * @output
 * 8080/tcp http-admin-consoles: critical — Spring Boot actuator /actuator/env is open; Tomcat manager (401, protected)
 */
import type { Check, CheckFinding } from './types.js';
import type { Severity } from '../core/finding.js';
import type { Text } from '../core/lang.js';
import { header, headerAll, type HttpResponse } from '../protocols/http/codec.js';
import { HTTP_PORTS, HTTP_SERVICES, httpFailure, httpRequest, httpTargetFor } from '../protocols/http/client.js';

interface Console {
  readonly key: string;
  readonly name: string;
  readonly path: string;
  /** Severity when it answers without credentials. */
  readonly severity: Severity;
  /** Whether a 200 response is this console. */
  readonly open: (r: HttpResponse, body: string) => boolean;
  /** Whether a 401/403 response is this console behind a login. */
  readonly guarded: (r: HttpResponse, body: string) => boolean;
  readonly risk: Text;
}

const auth = (r: HttpResponse): string => headerAll(r, 'www-authenticate').join(' ');

export const CONSOLES: readonly Console[] = [
  {
    key: 'tomcat-manager',
    name: 'Apache Tomcat Manager',
    path: '/manager/html',
    severity: 'critical',
    open: (_r, b) => /Tomcat Web Application Manager|<title>\/manager<\/title>/i.test(b),
    guarded: (r, b) => /Tomcat Manager Application/i.test(auth(r)) || /manager-gui/.test(b),
    risk: {
      en: 'deploying a WAR file runs arbitrary code as the Tomcat user',
      zh: '部署一个 WAR 包即可以 Tomcat 用户身份执行任意代码',
    },
  },
  {
    key: 'jenkins-script',
    name: 'Jenkins script console',
    path: '/script',
    severity: 'critical',
    open: (r, b) => header(r, 'x-jenkins') !== undefined && /Script Console/i.test(b),
    guarded: (r) => header(r, 'x-jenkins') !== undefined,
    risk: {
      en: 'the Groovy script console runs any command on the controller',
      zh: 'Groovy 脚本控制台可在主控节点上执行任意命令',
    },
  },
  {
    key: 'jenkins',
    name: 'Jenkins',
    path: '/jenkins/',
    severity: 'high',
    open: (r, b) => header(r, 'x-jenkins') !== undefined && /Dashboard \[Jenkins\]|Jenkins<\/title>/i.test(b),
    guarded: (r) => header(r, 'x-jenkins') !== undefined,
    risk: {
      en: 'anonymous users can read jobs, build logs and often credentials, and may start builds',
      zh: '匿名用户可以查看任务、构建日志（常含凭据），还可能触发构建',
    },
  },
  {
    key: 'weblogic',
    name: 'Oracle WebLogic console',
    path: '/console/login/LoginForm.jsp',
    severity: 'medium',
    open: (_r, b) => /WebLogic Server Administration Console|Oracle WebLogic/i.test(b),
    guarded: (_r, b) => /WebLogic/i.test(b),
    risk: {
      en: 'its login page is the entry point of many remote-code-execution flaws (CVE-2020-14882 bypasses the login)',
      zh: '其登录页是多个远程代码执行漏洞的入口（CVE-2020-14882 可绕过登录）',
    },
  },
  {
    key: 'jboss-jmx',
    name: 'JBoss JMX console',
    path: '/jmx-console/',
    severity: 'critical',
    open: (_r, b) => /JBoss JMX Management Console|JMX Agent View/i.test(b),
    guarded: (r) => /JBoss JMX Console|JBoss/i.test(auth(r)),
    risk: {
      en: 'MBean operations deploy code and read configuration (the JBoss worms of 2011 used exactly this)',
      zh: '通过 MBean 操作可以部署代码、读取配置（2011 年的 JBoss 蠕虫正是利用这一点）',
    },
  },
  {
    key: 'phpmyadmin',
    name: 'phpMyAdmin',
    path: '/phpmyadmin/',
    severity: 'medium',
    open: (_r, b) => /phpMyAdmin/.test(b),
    guarded: (r, b) => /phpMyAdmin/i.test(auth(r)) || /phpMyAdmin/.test(b),
    risk: {
      en: 'a public database login page invites password guessing and exploits of old releases',
      zh: '公开的数据库登录页会招来口令猜测和针对旧版本的漏洞利用',
    },
  },
  {
    key: 'solr',
    name: 'Apache Solr admin',
    path: '/solr/',
    severity: 'high',
    open: (_r, b) => /Solr Admin/i.test(b),
    guarded: (r) => /solr/i.test(auth(r)),
    risk: {
      en: 'the admin API reads and deletes every index and, in many releases, runs code (CVE-2019-17558)',
      zh: '管理 API 可读取和删除所有索引，许多版本还能执行代码（CVE-2019-17558）',
    },
  },
  {
    key: 'actuator-env',
    name: 'Spring Boot actuator /env',
    path: '/actuator/env',
    severity: 'critical',
    open: (_r, b) => /"propertySources"\s*:/.test(b) && /"activeProfiles"\s*:/.test(b),
    guarded: () => false,
    risk: {
      en: 'it lists the application’s configuration: database passwords, API keys and cloud credentials (masked only in part)',
      zh: '它会列出应用的配置：数据库口令、API 密钥和云凭据（只有部分被掩码）',
    },
  },
  {
    key: 'actuator',
    name: 'Spring Boot actuator',
    path: '/actuator',
    severity: 'medium',
    open: (_r, b) => /"_links"\s*:\s*\{[^]*"self"/.test(b) && /actuator/.test(b),
    guarded: () => false,
    risk: {
      en: 'management endpoints (heapdump, loggers, mappings) leak internals and sometimes secrets',
      zh: '管理端点（heapdump、loggers、mappings）会泄露内部信息，有时还包括密钥',
    },
  },
  {
    key: 'kubernetes-api',
    name: 'Kubernetes API',
    path: '/api/v1/namespaces',
    severity: 'critical',
    open: (_r, b) => /"kind"\s*:\s*"NamespaceList"/.test(b),
    guarded: (_r, b) => /"kind"\s*:\s*"Status"/.test(b) && /"apiVersion"\s*:\s*"v1"/.test(b),
    risk: {
      en: 'anonymous users can read (and maybe change) the whole cluster',
      zh: '匿名用户可以读取（也许还能修改）整个集群',
    },
  },
];

export const check: Check = {
  id: 'http-admin-consoles',
  title: { en: 'Administration consoles', zh: '管理控制台' },
  categories: ['safe', 'discovery'],
  references: [
    'https://tomcat.apache.org/tomcat-10.1-doc/manager-howto.html',
    'https://www.jenkins.io/doc/book/managing/script-console/',
    'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html',
    'CVE-2020-14882',
    'CVE-2019-17558',
    'OWASP WSTG-CONF-05',
  ],
  applies: { transport: 'tcp', ports: [...HTTP_PORTS, 4848, 7001, 8161, 8983, 9990, 6443], services: HTTP_SERVICES },
  async run(ctx) {
    const { host, port, service } = ctx.target;
    const target = { ...httpTargetFor(host, port, service, ctx.timeoutMs, ctx.signal), maxBytes: 128 * 1024 };
    const open: string[] = [];
    const guarded: string[] = [];
    const statuses: string[] = [];
    const findings: CheckFinding[] = [];
    let answered = 0;
    let lastError: unknown = null;
    for (const c of CONSOLES) {
      let r: HttpResponse;
      try {
        r = await httpRequest(target, 'GET', c.path, []);
      } catch (err) {
        lastError = err;
        // The first path tells whether the port speaks HTTP at all.
        if (answered === 0 && c === CONSOLES[0]) return httpFailure(err);
        continue;
      }
      answered += 1;
      statuses.push(`${c.path} ${r.status}`);
      const body = Buffer.from(r.body).toString('latin1');
      if (r.status === 200 && c.open(r, body)) {
        open.push(c.path);
        findings.push({
          key: c.key,
          severity: c.severity,
          title: {
            en: `${c.name} at ${c.path} answers without credentials`,
            zh: `${c.name}（${c.path}）无需凭据即可访问`,
          },
          detail: {
            en: `GET ${c.path} returned 200 with the ${c.name} page and no login: ${c.risk.en}. Do not expose management consoles to the network: bind them to localhost or a management network, require authentication, or remove them (the port's own KB entry lists product-specific steps).`,
            zh: `GET ${c.path} 返回 200，直接给出 ${c.name} 页面而没有登录：${c.risk.zh}。管理控制台不应暴露在网络上：让它只监听本机或管理网络、启用认证，或直接删除（该端口的知识库条目列有各产品的具体做法）。`,
          },
          action: 'restrict',
          evidence: { path: c.path, status: r.status, console: c.name, server: header(r, 'server') ?? null },
        });
      } else if ((r.status === 401 || r.status === 403) && c.guarded(r, body)) {
        guarded.push(`${c.path} (${r.status})`);
      }
    }
    if (answered === 0) return httpFailure(lastError);
    return {
      status: 'ok',
      evidence: {
        open: open.join(', '),
        protected: guarded.join(', '),
        statuses: statuses.join('; '),
        tls: target.tls,
      },
      findings,
    };
  },
};
