// `--format` and `-o` as a user runs them: scans of listeners this test opens on 127.0.0.1, exported as nmap XML
// and compared by nmap's own ndiff, validated against nmap's DTD; the other formats; files written whole or not at
// all; and `portwarden import` of nmap's XML.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';
import { labEnabled } from './lab/netns.js';
import { startListeners } from './listeners.js';

const fixture = new URL('./fixtures/nmap/lab-ftp-http.xml', import.meta.url).pathname;
let dir: string;
/** Scans keep their history in the test's folder, not the user's. */
const env = (): Record<string, string> => ({ PORTWARDEN_DB: join(dir, 'history.db') });
const pw = (args: readonly string[]): ReturnType<typeof cli> => cli(args, env());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-report-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(labEnabled('nmap XML export read by ndiff', { root: false, netns: false, needs: ['ndiff', 'xmllint'] }))(
  'nmap XML export',
  () => {
    let child: ChildProcess | null = null;
    afterAll(() => child?.kill());

    it('is valid against nmap.dtd, and ndiff names the port that closed between two runs', async () => {
      const started = await startListeners([
        { transport: 'tcp', address: '127.0.0.1', port: 0 },
        { transport: 'tcp', address: '127.0.0.1', port: 0 },
      ]);
      child = started.child;
      const [stays, goes] = started.opened.map((l) => l.port) as [number, number];
      const spec = `${stays},${goes}`;
      const a = join(dir, 'a.xml');
      const b = join(dir, 'b.xml');
      const first = cli(['scan', '127.0.0.1', '-p', spec, '-Pn', '--format', 'xml', '-o', a, '--seed', '1'], env());
      expect(first.err).not.toMatch(/error/i);
      expect(first.code).toBe(0);
      expect(first.out).toBe('');
      child.kill();
      await new Promise((resolve) => child?.once('exit', resolve));
      // The first listener is gone with its process: open it again alone, so only `goes` changes.
      ({ child } = await startListeners([{ transport: 'tcp', address: '127.0.0.1', port: stays }]));
      const second = cli(['scan', '127.0.0.1', '-p', spec, '-Pn', '--format', 'nmap', '-o', b, '--seed', '1'], env());
      expect(second.code).toBe(0);

      for (const file of [a, b]) {
        const v = spawnSync('xmllint', ['--noout', '--dtdvalid', '/usr/share/nmap/nmap.dtd', file], {
          encoding: 'utf8',
        });
        expect(v.stderr).toBe('');
        expect(v.status).toBe(0);
      }
      const diff = spawnSync('ndiff', [a, b], { encoding: 'utf8' });
      // ndiff exits 1 when the scans differ, 2 on an error (it could not read a file).
      expect(diff.stderr).toBe('');
      expect(diff.status).toBe(1);
      expect(diff.stdout).toContain('127.0.0.1:');
      expect(diff.stdout).toMatch(new RegExp(`^-${goes}/tcp\\s+open`, 'm'));
      expect(diff.stdout).not.toMatch(new RegExp(`^[-+]${stays}/tcp`, 'm'));
      expect(diff.stdout).toMatch(/^\+Not shown: 1 closed port/m);
      const same = spawnSync('ndiff', [a, a], { encoding: 'utf8' });
      expect(same.status).toBe(0);
    });

    it('shows a change of risk: the same nmap scan judged from the internet and from the LAN', () => {
      const internet = join(dir, 'internet.xml');
      const lan = join(dir, 'lan.xml');
      expect(pw(['import', fixture, '--format', 'xml', '-o', internet]).code).toBe(0);
      expect(pw(['import', fixture, '--format', 'xml', '-o', lan, '--reach', 'lan']).code).toBe(0);
      for (const file of [internet, lan]) {
        const v = spawnSync('xmllint', ['--noout', '--dtdvalid', '/usr/share/nmap/nmap.dtd', file], {
          encoding: 'utf8',
        });
        expect(v.status).toBe(0);
      }
      // -v: without it, ndiff 7.93 under Python 3 crashes on a port whose scripts changed but whose state and
      // version did not (it compares a list with 0); -v also prints the unchanged lines, marked with a space.
      const diff = spawnSync('ndiff', ['-v', internet, lan], { encoding: 'utf8' });
      expect(diff.stderr).toBe('');
      expect(diff.status).toBe(1);
      // Ports, states and versions are the same; only portwarden's judgement differs.
      expect(diff.stdout).not.toMatch(/^[-+]\d+\/tcp/m);
      expect(diff.stdout).toMatch(/^-\|.*portwarden: high: 21\/tcp \(ftp\) can be reached from the internet/m);
      expect(diff.stdout).toMatch(
        /^\+\|.*portwarden: (?!high)\w+: 21\/tcp \(ftp\) can be reached from the local network/m,
      );
      expect(diff.stdout).toMatch(/^ 21\/tcp\s+open\s+ftp\s+vsftpd 3\.0\.3$/m);
    });
  },
);

describe('other formats and -o', () => {
  it('writes CSV, Markdown, HTML and JSON of an import, to standard output or a file', () => {
    const csv = pw(['import', fixture, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[1]).toMatch(/^203\.0\.113\.202,21,tcp,open,syn-ack,,ftp,vsftpd,3\.0\.3,,high,close,/);
    const md = pw(['import', fixture, '--format', 'md', '--lang', 'zh']);
    expect(md.out).toMatch(/^# portwarden 对 nmap 扫描结果的评估报告\n/);
    const html = join(dir, 'r.html');
    expect(pw(['import', fixture, '--format', 'html', '-o', html]).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = JSON.parse(pw(['import', fixture, '--format', 'json']).out) as { schema: string; kind: string };
    expect(json).toMatchObject({ schema: 'portwarden.run/1', kind: 'import' });
    expect(JSON.parse(pw(['import', fixture, '--json']).out)).toMatchObject({ kind: 'import' });
  });

  it('refuses a bad format or a file it cannot write before doing any work, and leaves nothing behind', () => {
    const bad = pw(['import', fixture, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"pdf" is not a report format: use text, json, jsonl, csv, md, html, xml.');
    const nowhere = cli(
      ['scan', '127.0.0.1', '-p', '1', '-o', join(dir, 'missing', 'x.xml'), '--format', 'xml'],
      env(),
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toMatch(/Cannot write the report to .*x\.xml: ENOENT/);
    // A command that fails after opening its report removes it: no file, no temporary file.
    const empty = mkdtempSync(join(dir, 'fail-'));
    const fails = cli(['scan', 'not a target!', '-o', join(empty, 'r.html'), '--format', 'html'], env());
    expect(fails.code).toBe(2);
    expect(readdirSync(empty)).toEqual([]);
    expect(cli(['audit', '--format', 'xml'], env()).err).toContain('nmap XML describes a network scan');
    expect(cli(['audit', '--json', '--format', 'csv'], env()).code).toBe(2);
  });

  it('writes an audit as HTML, and keeps --json as it was', () => {
    const file = join(dir, 'audit.html');
    const r = cli(['audit', '--no-firewall', '--format', 'html', '-o', file], env());
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('portwarden audit report');
    expect(JSON.parse(cli(['audit', '--no-firewall', '--json'], env()).out)).toHaveProperty('items');
  });
});

describe('portwarden import', () => {
  it('prints hosts, services, script output, findings and advice in the chosen language', () => {
    const en = pw(['import', fixture]);
    // Saved in the history like a scan (the test's own database).
    expect(en.err).toMatch(/^saved as run [0-9a-f]{8}\n$/);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/21\/tcp\s+open\s+ftp\s+syn-ack\s+vsftpd 3\.0\.3/);
    expect(en.out).toContain('| 21/tcp ftp-anon: Anonymous FTP login allowed (FTP code 230)');
    expect(en.out).toContain('[high] 21/tcp exposure  21/tcp (ftp) can be reached from the internet');
    expect(en.out).toContain('• Stop and disable the FTP service if nobody uses it');
    const zh = pw(['import', fixture, '--lang', 'zh', '--reach', 'lan']);
    expect(zh.out).toMatch(/21\/tcp\s+开放\s+ftp/);
    expect(zh.out).toContain('21/tcp（ftp）可从局域网访问');
  });

  it('refuses what is not nmap XML with one sentence and exit code 2', () => {
    const write = (name: string, text: string): string => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const cases: [string, RegExp][] = [
      [write('broken.xml', '<nmaprun><host></nmaprun>'), /is not well-formed XML \(line 1\)\./],
      [
        write('laughs.xml', '<!DOCTYPE n [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<nmaprun>&b;</nmaprun>'),
        /declares its own entities \(line 1\)/,
      ],
      [write('html.xml', '<html><body/></html>'), /is XML but not nmap output \(root element <html>\)\./],
      [join(dir, 'absent.xml'), /Cannot read .*absent\.xml: ENOENT\./],
    ];
    for (const [file, message] of cases) {
      const r = pw(['import', file]);
      expect(r.code, file).toBe(2);
      expect(r.err, file).toMatch(message);
      expect(r.err.split('\n').filter((l) => l !== '')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'absent.xml'))).toBe(false);
  });
});
