// The diff and fix-plan renderers (CSV, JSON Lines, Markdown, HTML) and the fix commands in the run's HTML report:
// what each shows, in both languages, and that hostile names from the network or a machine stay text.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { diffRuns, type RunDiff } from '../../assess/diff.js';
import type { RunRecord } from '../../core/run.js';
import { parseXml } from '../../import/xml.js';
import { KnowledgeIndex } from '../../knowledge/load.js';
import { buildPlan } from '../../remediate/plan.js';
import { displayCommand } from '../../remediate/quote.js';
import { ownerOf, type ServiceOwner } from '../../remediate/service.js';
import type { FixPlan } from '../../remediate/types.js';
import { HOSTILE, sampleRun } from '../../../test/support/sample-run.js';
import { auditRun, socket } from '../../../test/support/remediate-runs.js';
import { diffChanges, renderDiffCsv, renderDiffHtml, renderDiffJsonl, renderDiffMarkdown } from './diff-formats.js';
import { fenced, renderFixCsv, renderFixHtml, renderFixJsonl, renderFixMarkdown } from './fix-formats.js';
import { escapeText } from './escape.js';
import { HTML_CSP } from './html-parts.js';
import { renderHtml } from './html.js';

const index = new KnowledgeIndex();
const schema = (name: string): object =>
  JSON.parse(readFileSync(new URL(`../../../schema/${name}`, import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
const validateFix = ajv.compile(schema('fix-output.v1.schema.json'));

/** The HTML as XML once our script and the void meta elements are set aside: no value broke the structure. */
function wellFormed(html: string): void {
  const body = html
    .replace('<!DOCTYPE html>', '')
    .replace(/<meta[^>]*>/g, '')
    .replace(/<script>[^]*<\/script>/, '');
  expect(() => parseXml(body)).not.toThrow();
}

/** Text of every copy button's command, entities decoded as a browser does. */
function copyTexts(html: string): string[] {
  const decode = (s: string): string =>
    s
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/<div class="cmd"><code>([^<]*)<\/code><button/g)].map((m) => decode(m[1] ?? ''));
}

// ---- a diff with every kind of change and hostile values --------------------------------------------------------

function laterRun(): RunRecord {
  const a = sampleRun();
  const [host, down] = a.hosts as [RunRecord['hosts'][number], RunRecord['hosts'][number]];
  const [telnet, http] = host.ports as [
    RunRecord['hosts'][number]['ports'][number],
    RunRecord['hosts'][number]['ports'][number],
  ];
  return {
    ...a,
    id: '00000000-0000-4000-8000-000000000002',
    startedAt: '2026-01-03T03:04:05.000Z',
    hosts: [
      {
        ...host,
        ports: [
          { ...telnet, state: 'filtered', reason: 'no-response' },
          { ...http, service: http.service === null ? null : { ...http.service, version: '2.0' } },
          {
            ...http,
            port: 8443,
            service: { service: 'https', tls: true, method: 'probe', confidence: 10, product: HOSTILE },
          },
        ],
      },
      { ...down, state: 'up', reason: 'syn-ack' },
      { host: '198.51.100.9', state: 'up', reason: 'syn-ack', closed: 0, ports: [] },
    ],
    findings: [
      ...a.findings.slice(1).map((f) => ({ ...f, severity: 'high' as const })),
      {
        id: 'exposure:203.0.113.5:tcp/8443',
        rule: 'exposure',
        severity: 'medium',
        action: 'harden',
        title: { en: `8443/tcp ${HOSTILE}`, zh: `8443/tcp ${HOSTILE}` },
        detail: { en: 'x', zh: 'x' },
        evidence: {},
        target: { host: '203.0.113.5', transport: 'tcp', port: 8443, address: null },
      },
    ],
  };
}

const diff: RunDiff = diffRuns(sampleRun(), laterRun());

describe('diff changes', () => {
  it('lists every change once, hosts in address order, kinds in the terminal order', () => {
    const changes = diffChanges(diff);
    expect(changes.map((c) => [c.host, c.kind])).toEqual([
      ['198.51.100.9', 'host-appeared'],
      ['203.0.113.5', 'port-opened'],
      ['203.0.113.5', 'port-state'],
      ['203.0.113.5', 'service-changed'],
      ['203.0.113.5', 'finding-new'],
      ['203.0.113.5', 'finding-resolved'],
      ['203.0.113.5', 'finding-severity'],
      ['2001:db8:203::7', 'host-state'],
    ]);
    expect(changes.find((c) => c.kind === 'service-changed')).toMatchObject({
      port: 80,
      before: expect.stringMatching(/ 1\.0$/) as unknown,
      after: expect.stringMatching(/ 2\.0$/) as unknown,
    });
  });

  it('tells a change of the holding process apart from a change of service', () => {
    const run = (name: string): RunRecord => auditRun([socket(6379, '0.0.0.0', { pid: 9, name })]);
    const rows = diffChanges(diffRuns(run('redis-server'), { ...run('=cmd|calc'), id: 'b' }));
    // The service (redis, by the port) is the same; the holder is not, and the audit flags the stranger.
    expect(rows.map((r) => r.kind)).toEqual(['process-changed', 'finding-new']);
    expect(rows[0]).toMatchObject({ service: 'redis', before: 'redis-server', after: '=cmd|calc' });
    // The new holder's name would be a formula in a spreadsheet: it is neutralised.
    const csv = renderDiffCsv(diffRuns(run('redis-server'), { ...run('=cmd|calc'), id: 'b' }), 'en').split('\r\n');
    expect(csv[1]).toBe("holder changed,test-host,6379/tcp,0.0.0.0,process,redis-server,'=cmd|calc");
  });
});

describe('diff CSV', () => {
  it('has a header and one row per change, in both languages; quotes what needs quoting', () => {
    const en = renderDiffCsv(diff, 'en').split('\r\n');
    expect(en[0]).toBe('Change,Host,Port,Bind address,What,Before,After');
    expect(en).toHaveLength(diffChanges(diff).length + 2);
    expect(en).toContain('port state,203.0.113.5,23/tcp,,state,open,filtered');
    const title = diff.findings.changed[0]?.finding.title.en ?? '?';
    expect(en.find((r) => r.startsWith('risk changed,'))).toBe(
      `risk changed,203.0.113.5,80/tcp,,"${title.replace(/"/g, '""')}",medium,high`,
    );
    const zh = renderDiffCsv(diff, 'zh');
    expect(zh.startsWith('变化,主机,端口,绑定地址,对象,之前,之后\r\n')).toBe(true);
    expect(zh).toContain('端口状态,203.0.113.5,23/tcp,,状态,开放,');
    const same = renderDiffCsv(diffRuns(sampleRun(), sampleRun()), 'en');
    expect(same).toBe('Change,Host,Port,Bind address,What,Before,After\r\n');
  });
});

describe('diff JSON Lines', () => {
  it('starts with the diff head, then one line per change with values, not words', () => {
    const lines = renderDiffJsonl(diff)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      type: 'diff',
      schema: 'portwarden.diff/1',
      a: diff.a,
      b: diff.b,
      warnings: diff.warnings,
      same: false,
    });
    expect(lines.slice(1).map((l) => l['change'])).toEqual(diffChanges(diff).map((c) => c.kind));
    expect(lines.find((l) => l['change'] === 'finding-severity')).toMatchObject({
      type: 'change',
      host: '203.0.113.5',
      port: 80,
      before: 'medium',
      after: 'high',
      finding: { id: 'http-title:203.0.113.5:tcp/80' },
    });
  });
});

describe('diff Markdown and HTML', () => {
  it('Markdown: one table per host, everything from the network escaped', () => {
    const md = renderDiffMarkdown(diff, 'en');
    expect(md).toMatch(/^# portwarden: changes between two runs\n/);
    expect(md).not.toContain('<script>');
    expect(md).toContain('## Host 203\\.0\\.113\\.5');
    expect(md).toContain('| port state | 23/tcp |   | state | open | filtered |');
    expect(renderDiffMarkdown(diffRuns(sampleRun(), sampleRun()), 'zh')).toContain('没有变化。');
  });

  it('HTML: one self-contained page in both languages, hostile values as text', () => {
    const html = renderDiffHtml(diff, 'zh');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(html).toMatch(/<html lang="zh-CN" data-lang="zh"/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(escapeText(HOSTILE));
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).toContain('<span class="en" lang="en">port state</span><span class="zh" lang="zh-CN">端口状态</span>');
    wellFormed(html);
  });
});

// ---- a plan with hostile names --------------------------------------------------------------------------------

const NAME = `=cmd|' /C calc'!A0 <b>\`x\`</b>`;

function hostilePlan(platform: FixPlan['platform']): FixPlan {
  const sockets = [
    socket(23, '0.0.0.0', { pid: 700, name: NAME, command: `/usr/sbin/${NAME}\0-l\0` }),
    socket(6379, '0.0.0.0', { pid: 710, name: 'redis-server' }),
    socket(631, '127.0.0.1', { pid: 500, name: 'cupsd' }),
  ];
  const run = auditRun(sockets, '@evil-host');
  const owners = new Map<string, ServiceOwner>();
  for (const s of sockets) for (const p of s.processes) owners.set(`${s.port}/${p.pid}`, ownerOf(s.port, p, null, []));
  return buildPlan(run, { platform, allowFrom: [], threshold: 'medium', ssh: null }, { index, owners });
}

const plan = hostilePlan('nftables');

describe('fix CSV', () => {
  it('has one row per step between the setup and finish rows, commands as displayed, formulas neutralised', () => {
    const rows = renderFixCsv(plan, 'en').split('\r\n');
    expect(rows[0]).toBe('Host,Port,Protocol,Service,Risk,Decision,Platform,Kind,Step,File,Command,Refused');
    const steps = plan.actions.reduce((n, p) => n + p.steps.length, 0);
    // Header, setup, the steps, the final empty line (nftables has no finish command). Cells with line breaks are
    // quoted, so count records, not lines.
    const records = renderFixCsv(plan, 'en').match(/\r\n/g)?.length ?? 0;
    expect(records).toBe(1 + 1 + steps);
    expect(rows[1]).toMatch(/^,,,,,,nftables,firewall,"First, portwarden's own firewall table/);
    const kill = rows.find((r) => r.includes('kill 700'));
    expect(kill).toMatch(/^'@evil-host,23,tcp,telnet,\w+,close,nftables,service,/);
    expect(renderFixCsv(plan, 'en')).toContain(
      displayCommand(plan.actions[0]?.steps[0]?.commands[0] ?? { dialect: 'posix', argv: [] }).replace(/"/g, '""'),
    );
    const zh = renderFixCsv(hostilePlan('firewalld'), 'zh').split('\r\n');
    expect(zh[0]).toBe('主机,端口,协议,服务,风险,决定,平台,类别,步骤,文件,命令,已拒绝');
    expect(zh.at(-2)).toBe(',,,,,,firewalld,防火墙,最后（所有规则之后执行一次）：,,firewall-cmd --reload,');
  });
});

describe('fix Markdown', () => {
  it('puts commands in fenced blocks no command can close, and escapes names in sentences', () => {
    expect(fenced('echo ```', 'sh')).toBe('````sh\necho ```\n````');
    expect(fenced('a')).toBe('```\na\n```');
    const md = renderFixMarkdown(plan, 'en');
    expect(md).toMatch(/^# portwarden remediation plan\n/);
    expect(md).toContain('```sh\nnft add table inet portwarden\n');
    expect(md).toContain('   ```sh\n   kill 700\n   ```');
    expect(md).not.toContain('<b>');
    const win = renderFixMarkdown(hostilePlan('windows'), 'zh');
    expect(win).toContain('   ```bat\n   netsh advfirewall firewall add rule name="portwarden: block TCP 23"');
    expect(win).toContain('```powershell\n');
    expect(win).toContain('## 撤销 portwarden 添加的防火墙规则');
  });
});

describe('fix HTML', () => {
  it('shows every command of the plan with a copy button that copies it exactly', () => {
    const html = renderFixHtml(plan, 'en');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('<b>`x`</b>');
    const expected = [
      ...plan.setup,
      ...plan.actions.flatMap((p) => p.steps.flatMap((s) => s.commands)),
      ...plan.finish,
      ...plan.rollback,
    ].map(displayCommand);
    const files = plan.actions.flatMap((p) =>
      p.steps.flatMap((s) => (s.file === undefined ? [] : [s.file.lines.join('\n')])),
    );
    expect(copyTexts(html).sort()).toEqual([...expected, ...files].sort());
    wellFormed(html);
    expect(renderFixHtml(plan, 'zh')).toMatch(/<html lang="zh-CN" data-lang="zh"/);
  });
});

describe('fix JSON Lines', () => {
  it('is the plan: its head, then its ports; put back together it matches the fix schema', () => {
    const lines = renderFixJsonl(plan, 'zh')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual([
      'plan',
      ...plan.actions.map(() => 'action'),
      ...plan.keep.map(() => 'keep'),
    ]);
    const strip = (line: Record<string, unknown>): Record<string, unknown> => {
      const rest = { ...line };
      delete rest['type'];
      return rest;
    };
    const whole = {
      ...strip(lines[0] ?? {}),
      actions: lines.filter((l) => l['type'] === 'action').map(strip),
      keep: lines.filter((l) => l['type'] === 'keep').map(strip),
    };
    expect(validateFix(whole), JSON.stringify(validateFix.errors)).toBe(true);
    expect(whole).toEqual(JSON.parse(JSON.stringify({ ...plan, lang: 'zh' })));
  });
});

describe('the run HTML report with the fix plan', () => {
  const run = sampleRun();
  const nft = buildPlan(
    run,
    { platform: 'nftables', allowFrom: [], threshold: 'medium', ssh: null },
    {
      index,
      owners: new Map(),
    },
  );

  it("shows each port's commands under its first finding, with the setup and undo commands once", () => {
    const html = renderHtml(run, 'en', index, nft);
    const copies = copyTexts(html);
    expect(copies).toContain('nft add table inet portwarden');
    expect(copies).toContain(
      `nft add rule inet portwarden input iifname '!=' lo tcp dport 23 drop comment '"portwarden 23/tcp"'`,
    );
    expect(copies.filter((c) => c === 'nft delete table inet portwarden')).toHaveLength(1);
    expect(html).toContain('id="remediation"');
    expect(html).toContain('to run on each scanned host');
    // The rule sits in the article of the telnet finding, not elsewhere.
    const article = /<article class="sev-critical" id="finding-1">.*?<\/article>/s.exec(html)?.[0] ?? '';
    expect(article).toContain('tcp dport 23 drop');
    expect(article).toContain(escapeText(index.byPort(23)?.advice.steps[0]?.en ?? '?'));
    wellFormed(html);
  });

  it('says so when there is no plan, and keeps the explain and verify commands either way', () => {
    const html = renderHtml(run, 'zh', index);
    expect(html).not.toContain('id="remediation"');
    expect(html).toContain('请运行 portwarden fix 获取');
    expect(copyTexts(html)).toContain('portwarden scan 203.0.113.5 -p T:23 -Pn');
    const audit = renderHtml({ ...run, kind: 'audit' }, 'en', index, nft);
    expect(audit).toContain(escapeText("for this machine's firewall (nftables)"));
  });
});
