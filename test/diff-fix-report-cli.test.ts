// `portwarden diff` and `portwarden fix` with --format and -o as a user runs them, on runs saved from the nmap lab
// fixture (no network): every format to standard output or a file, the refusals (exit 2, one sentence, nothing
// written), and the fix commands in the HTML report of an import and an audit.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';

const fixture = new URL('./fixtures/nmap/lab-ftp-http.xml', import.meta.url).pathname;
const compile = (name: string): ReturnType<Ajv2020['compile']> =>
  new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false }).compile(
    JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as object,
  );
const validateDiff = compile('diff.v1.schema.json');
const validateFix = compile('fix-output.v1.schema.json');

let dir: string;
let internet: string;
let lan: string;
const env = (): Record<string, string> => ({ PORTWARDEN_DB: join(dir, 'history.db') });
const pw = (...args: string[]): ReturnType<typeof cli> => cli(args, env());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-diff-fix-'));
  internet = join(dir, 'internet.json');
  lan = join(dir, 'lan.json');
  expect(pw('import', fixture, '--format', 'json', '--no-save', '-o', internet).code).toBe(0);
  expect(pw('import', fixture, '--format', 'json', '--no-save', '--reach', 'lan', '-o', lan).code).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A refusal: exit 2, one sentence on standard error, nothing on standard output, no file in `folder`. */
function refused(r: ReturnType<typeof cli>, message: RegExp, folder: string): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.out).toBe('');
  expect(readdirSync(folder)).toEqual([]);
}

describe('diff --format', () => {
  it('json is --json and matches the diff schema; jsonl has one line per change', () => {
    const json = pw('diff', internet, lan, '--format', 'json');
    expect(json.code).toBe(1);
    expect(json.out).toBe(pw('diff', internet, lan, '--json').out);
    const d = JSON.parse(json.out) as { findings: { changed: unknown[] } };
    expect(validateDiff(d), JSON.stringify(validateDiff.errors)).toBe(true);
    const lines = pw('diff', internet, lan, '--format', 'jsonl')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'diff', same: false });
    expect(lines.slice(1)).toHaveLength(d.findings.changed.length);
    expect(lines[1]).toMatchObject({ type: 'change', change: 'finding-severity', port: 21, before: 'high' });
  });

  it('csv, md and html, to standard output or a file; exit 1 when something changed, 0 when not', () => {
    const csv = pw('diff', internet, lan, '--format', 'csv');
    expect(csv.code).toBe(1);
    expect(csv.out.split('\r\n')[0]).toBe('Change,Host,Port,Bind address,What,Before,After');
    expect(csv.out).toMatch(
      /\r\nrisk changed,203\.0\.113\.202,21\/tcp,,21\/tcp \(ftp\) can be reached from the local network,high,\w+\r\n/,
    );
    const md = pw('diff', internet, lan, '--format', 'markdown', '--lang', 'zh');
    expect(md.out).toMatch(/^# portwarden：两次运行之间的变化\n/);
    expect(md.out).toContain('| 风险级别变化 | 21/tcp |');
    const file = join(dir, 'diff.html');
    const html = pw('diff', internet, lan, '--format', 'html', '-o', file);
    expect(html.code).toBe(1);
    expect(html.out).toBe('');
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('Content-Security-Policy');
    expect(page).toContain('21/tcp');
    const same = pw('diff', internet, internet, '--format', 'csv');
    expect(same.code).toBe(0);
    expect(same.out).toBe('Change,Host,Port,Bind address,What,Before,After\r\n');
  });

  it('refuses xml, and --json with another --format, with one sentence and no file', () => {
    const empty = mkdtempSync(join(dir, 'diff-xml-'));
    refused(
      pw('diff', internet, lan, '--format', 'xml', '-o', join(empty, 'd.xml')),
      /A diff has no nmap XML form: export each run with scan --format xml and compare the two files with ndiff\./,
      empty,
    );
    refused(
      pw('diff', internet, lan, '--json', '--format', 'csv', '-o', join(empty, 'd.csv')),
      /--json and --format csv/,
      empty,
    );
    refused(
      pw('diff', internet, join(dir, 'absent.json'), '--format', 'html', '-o', join(empty, 'd.html')),
      /absent\.json/,
      empty,
    );
    const zh = pw('diff', internet, lan, '--format', 'nmap', '--lang', 'zh');
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('ndiff');
  });
});

describe('fix --format', () => {
  it('json (as --json) matches the schema; jsonl, csv, md and html render the same plan', () => {
    const json = pw('fix', '--from', internet, '--format', 'json');
    expect(json.code).toBe(0);
    expect(json.out).toBe(pw('fix', '--from', internet, '--json').out);
    expect(validateFix(JSON.parse(json.out)), JSON.stringify(validateFix.errors)).toBe(true);
    const jsonl = pw('fix', '--from', internet, '--format', 'jsonl', '--platform', 'ufw').out.trim().split('\n');
    expect(JSON.parse(jsonl[0] ?? '{}')).toMatchObject({ type: 'plan', platform: 'ufw' });
    expect(JSON.parse(jsonl[1] ?? '{}')).toMatchObject({ type: 'action', port: 21, decision: 'close' });

    const csv = pw('fix', '--from', internet, '--format', 'csv', '--platform', 'nftables');
    expect(csv.code).toBe(0);
    const rows = csv.out.split('\r\n');
    expect(rows[0]).toBe('Host,Port,Protocol,Service,Risk,Decision,Platform,Kind,Step,File,Command,Refused');
    expect(csv.out).toContain(
      `203.0.113.202,21,tcp,ftp,high,close,nftables,firewall,Drop new connections to 21/tcp from the network (loopback keeps working):,,"nft add rule inet portwarden input iifname '!=' lo tcp dport 21 drop comment '""portwarden 21/tcp""'",`,
    );
    expect(csv.out).toContain(',service,');

    const md = pw('fix', '--from', internet, '--format', 'md', '--platform', 'windows', '--lang', 'zh');
    expect(md.out).toMatch(/^# portwarden 修复方案\n/);
    expect(md.out).toContain('```bat\n   netsh advfirewall firewall add rule name="portwarden: block TCP 21"');

    const file = join(dir, 'plan.html');
    const html = pw('fix', '--from', internet, '--format', 'html', '-o', file, '--platform', 'firewalld');
    expect(html.code).toBe(0);
    expect(html.out).toBe('');
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<code>firewall-cmd --reload</code><button type="button" data-copy="">');
  });

  it('refuses xml, and any report format or -o with --apply or --rollback, before anything runs', () => {
    const empty = mkdtempSync(join(dir, 'fix-refused-'));
    refused(
      pw('fix', '--from', internet, '--format', 'xml', '-o', join(empty, 'p.xml')),
      /A fix plan has no nmap XML form/,
      empty,
    );
    refused(pw('fix', '--apply', '--yes', '--format', 'csv'), /--apply and --rollback print what they did/, empty);
    refused(
      pw('fix', '--rollback', '--yes', '-o', join(empty, 'r.txt')),
      /--apply and --rollback print what they did/,
      empty,
    );
    refused(
      pw('fix', '--from', internet, '--platform', 'nope', '--format', 'html', '-o', join(empty, 'p.html')),
      /Unknown platform "nope"/,
      empty,
    );
  });
});

describe('fix commands in the HTML run report', () => {
  it('an import shows the nftables commands for the scanned host, with copy buttons', () => {
    const file = join(dir, 'import.html');
    expect(pw('import', fixture, '--format', 'html', '--no-save', '-o', file).code).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('id="remediation"');
    expect(page).toContain('to run on each scanned host');
    expect(page).toContain(
      '<code>nft add rule inet portwarden input iifname &#39;!=&#39; lo tcp dport 21 drop comment &#39;&quot;portwarden 21/tcp&quot;&#39;</code><button type="button" data-copy="">',
    );
    expect(page).toContain('<code>systemctl disable --now vsftpd.service</code>');
  });

  it("an audit shows the commands for this machine's firewall", () => {
    const file = join(dir, 'audit.html');
    const r = pw('audit', '--no-firewall', '--no-save', '--format', 'html', '-o', file);
    expect(r.code).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('id="remediation"');
    expect(page).toMatch(/for this machine&#39;s firewall \((nftables|iptables|ufw|firewalld)\)/);
  });
});
