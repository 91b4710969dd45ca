// `portwarden audit|scan --policy`, `init-policy` and `diff` as a user runs them, against listeners this test opens
// on 127.0.0.1 only. Runs are kept in a temporary folder.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeners, type OpenedListener } from './listeners.js';
import { cli } from './cli-run.js';

const compile = (name: string): ReturnType<Ajv2020['compile']> =>
  new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false }).compile(
    JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as object,
  );
const validateScan = compile('scan-events.v1.schema.json');
const validateAudit = compile('audit-output.v1.schema.json');
const validateDiff = compile('diff.v1.schema.json');

type Line = Record<string, unknown>;
const jsonLines = (out: string): Line[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

let child: ChildProcess;
let opened: OpenedListener[];
let dir: string;
let env: Record<string, string>;
let p1: number;
let p2: number;

/** A policy for 127.0.0.1 allowing `ports` (a port spec), with `rest` appended. */
const policy = (ports: string, rest = ''): string =>
  `version: 1\nhosts:\n  - host: 127.0.0.0/8\n    allow:\n      - port: "${ports}"\n        owner: test\n        reason: listeners of this test\n${rest}`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  ({ child, opened } = await startListeners([
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
  ]));
  [p1, p2] = opened.map((l) => l.port) as [number, number];
  dir = mkdtempSync(join(tmpdir(), 'pw-policy-'));
  env = { XDG_DATA_HOME: dir, HOME: dir };
});
afterAll(() => {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
});

const scan = (...args: string[]): ReturnType<typeof cli> =>
  cli(['scan', '127.0.0.1', '-p', `${p1},${p2}`, '-Pn', '--seed', '1', ...args], env);

describe('scan --policy', () => {
  it('exits 1 and prints one policy-violation line per open port the policy does not allow', () => {
    const r = scan('--json', '--policy', file('one.yml', policy(`${p1}/tcp`)));
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const lines = jsonLines(r.out);
    for (const line of lines) expect(validateScan(line), JSON.stringify(validateScan.errors)).toBe(true);
    const violations = lines.filter((l) => l['type'] === 'policy-violation');
    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'port-not-allowed',
        host: '127.0.0.1',
        port: p2,
        transport: 'tcp',
        hostListed: true,
      }),
    ]);
    expect(lines.at(-2)).toMatchObject({ type: 'policy', violations: 1, allowedPorts: 1, failOn: 'high' });
    expect(lines.at(-1)).toMatchObject({ type: 'end' });
  });

  it('exits 0 when everything open is allowed, and says so after the report, in both languages', () => {
    const path = file('both.yml', policy(`${p1},${p2}/tcp`));
    const en = scan('--policy', path, '--lang', 'en');
    expect(en.code).toBe(0);
    expect(en.out).toContain(`Policy ${path}: no violations.`);
    const zh = scan('--policy', path, '--lang', 'zh');
    expect(zh.code).toBe(0);
    expect(zh.out).toContain(`策略 ${path}：没有违规。`);
  });

  it('counts findings at or above fail-on unless an unexpired ignore covers them', () => {
    // Exposure on loopback is "info": with fail-on info each open port's finding is a violation.
    const strict = policy(`${p1},${p2}/tcp`, 'fail-on: info\n');
    expect(scan('--json', '--policy', file('strict.yml', strict)).code).toBe(1);
    const ignored = `${strict}ignore:\n  - rule: exposure\n    host: 127.0.0.1\n    until: 2999-12-31\n    reason: loopback only\n`;
    expect(scan('--policy', file('ignored.yml', ignored)).code).toBe(0);
    const expired = ignored.replace('2999-12-31', '2001-01-31');
    const r = scan('--policy', file('expired.yml', expired), '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'ignore[0] (line 10) expired on 2001-01-31 and no longer applies; it would cover 2 finding(s).',
    );
  });

  it('refuses a bad policy file before scanning: one sentence with the line, exit 2', () => {
    const bad = file('bad.yml', policy(`${p1}/tcp`).replace('reason:', 'raeson:'));
    const r = scan('--policy', bad);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `portwarden: ${bad}, line 7: "hosts[0].allow[0].raeson" is not a known key; known keys here: port, owner, reason.\n`,
    );
    const yaml = cli(['scan', '127.0.0.1', '--policy', file('broken.yml', 'version: 1\nhosts: [\n')], env);
    expect(yaml.code).toBe(2);
    expect(yaml.err).toMatch(/line 3, column 1: this is not valid YAML/);
    const missing = cli(['audit', '--policy', join(dir, 'nope.yml')], env);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('does not exist');
  });
});

describe('audit --policy', () => {
  it('adds the verdict to the JSON as "policy" and exits 1 for a listener the policy does not allow', () => {
    // Everything is allowed except the first listener's port; findings are not held against it.
    const all = `version: 1\nfail-on: none\nhosts:\n  - host: "*"\n    allow:\n      - { port: "0-${p1 - 1},${p1 + 1}-65535/tcp", owner: t, reason: r }\n      - { port: "0-65535/udp", owner: t, reason: r }\n`;
    const r = cli(['audit', '--json', '--no-firewall', '--policy', file('audit.yml', all)], env);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { policy: { violations: Line[]; failOn: string } };
    expect(validateAudit(report), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(report.policy.failOn).toBe('none');
    expect(report.policy.violations).toEqual([
      expect.objectContaining({ kind: 'port-not-allowed', port: p1, address: '127.0.0.1' }),
    ]);
    const holder = (report.policy.violations[0]?.['processes'] as { pid: number }[])[0];
    expect(holder?.pid).toBe(child.pid);
  });
});

describe('init-policy', () => {
  it('writes a baseline from a run that the same scan then passes, and never overwrites without --force', () => {
    const run = file('run.jsonl', scan('--json').out);
    const out = join(dir, 'portwarden.yml');
    const r = cli(['init-policy', '--from', run, '-o', out, '--lang', 'en'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Wrote ${out}: 2 open port(s) on 1 host(s).`);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`- port: ${p1}/tcp`);
    expect(scan('--policy', out).code).toBe(0);

    const again = cli(['init-policy', '--from', run, '-o', out], env);
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists already');
    writeFileSync(out, 'edited\n');
    expect(cli(['init-policy', '--from', run, '-o', out, '--force'], env).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    const zh = cli(['init-policy', '--from', run, '-o', '-', '--lang', 'zh'], env);
    expect(zh.out).toMatch(/^# portwarden 策略文件/);
  });
});

describe('diff', () => {
  it('shows the port closed and its finding resolved between two stored runs; exit 1, or 0 when the same', () => {
    const a = scan('--json').out;
    // The second run: the same scan after the second listener went away.
    const b = jsonLines(a)
      .filter((l) => l['port'] !== p2 && (l['target'] as Line | undefined)?.['port'] !== p2)
      .map((l) => JSON.stringify(l))
      .join('\n');
    const fa = file('a.jsonl', a);
    const fb = file('b.jsonl', b + '\n');
    const r = cli(['diff', fa, fb, '--json'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out) as { ports: { closed: Line[] }; findings: { resolved: Line[] }; same: boolean };
    expect(validateDiff(d), JSON.stringify(validateDiff.errors)).toBe(true);
    expect(d.ports.closed).toEqual([expect.objectContaining({ host: '127.0.0.1', port: p2, state: 'open' })]);
    expect(d.findings.resolved).toEqual([expect.objectContaining({ rule: 'exposure' })]);

    const text = cli(['diff', fa, fb, '--lang', 'zh'], env);
    expect(text.out).toContain('主机 127.0.0.1');
    expect(text.out).toContain(`- ${p2}/tcp 已关闭`);
    const same = cli(['diff', fa, fa, '--lang', 'en'], env);
    expect(same.code).toBe(0);
    expect(same.out).toContain('No changes.');
  });

  it('compares audits too, and refuses what is not a run: exit 2', () => {
    const audit = file('audit.json', cli(['audit', '--json', '--no-firewall'], env).out);
    expect(cli(['diff', audit, audit], env).code).toBe(0);
    const junk = cli(['diff', file('junk.json', '{"hello": 1}'), audit, '--lang', 'en'], env);
    expect(junk.code).toBe(2);
    expect(junk.err).toContain('is not a portwarden run');
    expect(cli(['diff', join(dir, 'absent.json'), audit], env).code).toBe(2);
  });
});
