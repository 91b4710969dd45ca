// Real nmap output of a lab imported live: nmap scans, from its own namespace, a host running vsftpd (anonymous
// login) and Python's http.server; `portwarden import` reads nmap's XML, keeps versions and script output, and
// assesses and advises on every open port. With PORTWARDEN_SAVE_NMAP_FIXTURE=1 the XML replaces the fixture.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';
import { labEnabled } from './lab/netns.js';
import { nmapXmlOfLab, startNmapLab, TARGET_ADDRESS, type NmapLab } from './lab/nmap-target.js';

const enabled = labEnabled('nmap XML of the lab, imported', { needs: ['nmap', 'vsftpd', 'python3'] });

describe.runIf(enabled)('portwarden import of nmap run live against the lab', () => {
  let lab: NmapLab;
  let dir: string;
  let xml: string;

  beforeAll(async () => {
    lab = await startNmapLab();
    dir = mkdtempSync(join(tmpdir(), 'pw-nmap-lab-'));
    xml = nmapXmlOfLab(lab);
    if (process.env['PORTWARDEN_SAVE_NMAP_FIXTURE'] === '1') {
      writeFileSync(new URL('./fixtures/nmap/lab-ftp-http.xml', import.meta.url), xml);
    }
  }, 90_000);
  afterAll(() => {
    lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('nmap saw what the lab runs', () => {
    expect(xml).toContain(`<address addr="${TARGET_ADDRESS}" addrtype="ipv4"/>`);
    expect(xml).toMatch(/portid="21"><state state="open"/);
    expect(xml).toMatch(/product="vsftpd"/);
  });

  it('imports hosts, versions, script output, findings and advice', () => {
    const file = join(dir, 'lab.xml');
    writeFileSync(file, xml);
    const r = cli(['import', file, '--reach', 'lan', '--format', 'json', '--no-save']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as {
      kind: string;
      tool: { name: string };
      hosts: {
        host: string;
        ports: { port: number; service: { product?: string } | null; checks: { check: string }[] }[];
      }[];
      findings: { rule: string; target: { port: number }; severity: string; action: string }[];
    };
    expect(run.kind).toBe('import');
    expect(run.tool.name).toBe('nmap');
    const host = run.hosts.find((h) => h.host === TARGET_ADDRESS);
    expect(host?.ports.map((p) => p.port)).toEqual([21, 8080]);
    expect(host?.ports[0]?.service?.product).toBe('vsftpd');
    expect(host?.ports[0]?.checks.map((c) => c.check)).toContain('ftp-anon');
    expect(host?.ports[1]?.checks.map((c) => c.check)).toContain('http-title');
    const rules = run.findings.map((f) => `${f.rule}@${f.target.port}`);
    expect(rules).toEqual(expect.arrayContaining(['exposure@21', 'exposure@8080', 'nmap:ftp-anon@21']));
    const text = cli(['import', file, '--lang', 'zh', '--no-save']);
    expect(text.out).toContain('vsftpd');
    expect(text.out).toContain('如果无人使用，停止并禁用 FTP 服务');
  });
});
