/**
 * A policy baseline (portwarden.yml) written from a run: every port open now is allowed, with the program and user
 * that hold it as owner and the day it was seen as reason, and comments in the user's language explaining each
 * section. Findings at or above `fail-on` are listed as commented `ignore` entries, so accepting a risk is a choice
 * the user writes down with a date, never a default.
 */
import { severityRank, type Severity } from '../core/finding.js';
import { t } from '../core/i18n.js';
import type { Lang } from '../core/lang.js';
import type { RunHost, RunPort, RunRecord } from '../core/run.js';
import { DEFAULT_POLICY_FAIL_ON } from '../assess/policy.js';

export interface BaselineOptions {
  readonly lang: Lang;
  /** The day written into commented ignore examples as "until", 30 days on. */
  readonly now?: Date;
  /** The file name the comments tell the user to check with. */
  readonly file?: string;
}

/** A YAML scalar that reads back as exactly this string: JSON's double quotes are YAML's. */
const q = (s: string): string => JSON.stringify(s);

function ownerOf(ports: readonly RunPort[], lang: Lang): string {
  const procs = ports.flatMap((p) => p.processes);
  if (procs.length > 0) {
    const names = [...new Set(procs.map((p) => p.name))].join(', ');
    const users = [...new Set(procs.map((p) => p.user).filter((u): u is string => u !== null))].join(', ');
    return users === '' ? names : `${names} (${users})`;
  }
  const s = ports.find((p) => p.service !== null)?.service;
  if (s !== undefined && s !== null && (s.product !== undefined || s.method !== 'port')) {
    return [s.service, s.product, s.version].filter((x) => x !== undefined).join(' ');
  }
  return t(lang, 'baseline.unknownOwner', { service: s?.service ?? '?' });
}

function hostBlock(host: RunHost, seen: string, lang: Lang): string[] {
  const groups = new Map<string, RunPort[]>();
  for (const p of host.ports) {
    if (p.state !== 'open') continue;
    const key = `${p.port}/${p.transport}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const out = [`  - host: ${q(host.host)}`];
  if (groups.size === 0) {
    out.push(`    allow: [] # ${t(lang, 'baseline.nothingOpen')}`);
    return out;
  }
  out.push('    allow:');
  for (const [spec, ports] of groups) {
    const addresses = ports.map((p) => p.address).filter((a): a is string => a !== null);
    const service = ports.find((p) => p.service !== null)?.service?.service;
    const note = [
      service,
      addresses.length > 0 ? t(lang, 'baseline.listening', { addresses: addresses.join(', ') }) : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(' — ');
    if (note !== '') out.push(`      # ${note}`);
    out.push(`      - port: ${spec}`);
    out.push(`        owner: ${q(ownerOf(ports, lang))}`);
    out.push(`        reason: ${q(t(lang, 'baseline.seenOpen', { date: seen }))}`);
  }
  return out;
}

/**
 * The baseline policy text for a run.
 * @example writeFileSync('portwarden.yml', renderBaseline(runFromAudit(report), { lang: 'en' }))
 */
export function renderBaseline(run: RunRecord, options: BaselineOptions): string {
  const { lang } = options;
  const now = options.now ?? new Date();
  const file = options.file ?? 'portwarden.yml';
  const seen = run.startedAt.slice(0, 10);
  const until = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const failOn: Severity = DEFAULT_POLICY_FAIL_ON;
  const comment = (key: Parameters<typeof t>[1], params: Record<string, string> = {}): string[] =>
    t(lang, key, params)
      .split('\n')
      .map((l) => `# ${l}`);
  const command = run.kind === 'audit' ? 'audit' : 'scan …';
  const out: string[] = [
    ...comment('baseline.header', {
      date: now.toISOString().slice(0, 10),
      kind: t(lang, `diff.kind.${run.kind}`),
      hosts: run.hosts.map((h) => h.host).join(', '),
    }),
    ...comment('baseline.check', { command: `portwarden ${command} --policy ${file}` }),
    'version: 1',
    '',
    ...comment('baseline.failOn'),
    `fail-on: ${failOn}`,
    '',
    ...comment('baseline.groups'),
    '# groups:',
    '#   web: [203.0.113.10, 203.0.113.11, web3.example]',
    '#   office: [203.0.113.0/26]',
    '',
    ...comment('baseline.hosts'),
    'hosts:',
  ];
  const up = run.hosts.filter((h) => h.state === 'up' || h.ports.some((p) => p.state === 'open'));
  for (const h of up) out.push(...hostBlock(h, seen, lang));
  if (up.length === 0) out.push(`  [] # ${t(lang, 'baseline.nothingOpen')}`);
  out.push(
    '',
    ...comment('baseline.overrides'),
    '# overrides:',
    '#   - rule: exposure',
    '#     port: 23/tcp',
    '#     severity: critical',
    '',
    ...comment('baseline.ignore'),
  );
  const examples = run.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn));
  out.push(...comment(examples.length > 0 ? 'baseline.ignoreNow' : 'baseline.ignoreExample'), '# ignore:');
  for (const f of examples) {
    out.push(
      `#   - rule: ${f.rule}   # [${t(lang, `severity.${f.severity}`)}] ${f.title[lang]}`,
      `#     host: ${q(f.target.host)}`,
      `#     port: ${f.target.port}/${f.target.transport}`,
      `#     until: ${until}`,
      `#     reason: ${q(t(lang, 'baseline.ignoreReason'))}`,
    );
  }
  if (examples.length === 0) {
    out.push(
      '#   - rule: ftp-anon',
      '#     port: 21/tcp',
      `#     until: ${until}`,
      `#     reason: ${q(t(lang, 'baseline.ignoreReason'))}`,
    );
  }
  return out.join('\n') + '\n';
}
