// nmap's XML (real output of the lab, and nmap's vulns layout) read and assessed as a portwarden run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../knowledge/load.js';
import { renderNmapXml } from '../report/formats/nmap-xml.js';
import { NmapXmlError, parseNmapXml } from './nmap-xml.js';
import { runFromNmap } from './nmap-run.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/nmap/${name}`, import.meta.url), 'utf8');
const index = new KnowledgeIndex();

describe('nmap XML of the lab (vsftpd with anonymous login, Python http.server)', () => {
  const nmap = parseNmapXml(fixture('lab-ftp-http.xml'));
  const run = runFromNmap(nmap, { index, file: 'lab-ftp-http.xml', now: new Date('2026-12-01T00:00:00Z') });

  it('keeps the scan: tool, arguments, times, port lists', () => {
    expect(run.kind).toBe('import');
    expect(run.tool).toEqual({ name: 'nmap', version: '7.93' });
    expect(run.parameters['command']).toMatch(/^nmap -sT -sV/);
    expect(run.parameters['tcpPorts']).toBe('21-23,8080');
    expect(run.startedAt).toBe(new Date((nmap.start ?? 0) * 1000).toISOString());
    expect(Date.parse(run.finishedAt) - Date.parse(run.startedAt)).toBe(
      ((nmap.finished ?? 0) - (nmap.start ?? 0)) * 1000,
    );
    expect(run.interrupted).toBe(false);
  });

  it('keeps hosts, ports and services with product, version, extra info and CPE; closed ports are counted', () => {
    expect(run.hosts).toHaveLength(1);
    const host = run.hosts[0];
    expect(host).toMatchObject({ host: '203.0.113.202', state: 'up', reason: 'user-set', closed: 2 });
    expect(host?.ports.map((p) => `${p.port}/${p.transport} ${p.state}`)).toEqual(['21/tcp open', '8080/tcp open']);
    expect(host?.ports[0]?.service).toMatchObject({
      service: 'ftp',
      product: 'vsftpd',
      version: '3.0.3',
      method: 'probe',
      confidence: 10,
      cpe: ['cpe:/a:vsftpd:vsftpd:3.0.3'],
    });
    expect(host?.ports[1]?.service).toMatchObject({
      service: 'http',
      product: 'SimpleHTTPServer',
      extraInfo: 'Python 3.11.7',
    });
  });

  it('keeps script output as check results', () => {
    const checks = run.hosts[0]?.ports.flatMap((p) => p.checks.map((c) => [p.port, c.check, c.evidence['output']]));
    expect(checks).toContainEqual([21, 'ftp-anon', expect.stringMatching(/^Anonymous FTP login allowed/)]);
    expect(checks).toContainEqual([8080, 'http-title', 'portwarden nmap lab']);
    const title = run.hosts[0]?.ports[1]?.checks.find((c) => c.check === 'http-title');
    expect(title?.evidence['title']).toBe('portwarden nmap lab');
  });

  it('assesses every open port with the knowledge base and flags the anonymous login', () => {
    const ftp = run.findings.find((f) => f.rule === 'exposure' && f.target.port === 21);
    const entry = index.byPort(21);
    expect(ftp?.severity).toBe(entry?.risk.internet);
    expect(ftp?.action).toBe(entry?.advice.action);
    expect(ftp?.evidence).toMatchObject({ reach: 'internet', product: 'vsftpd', version: '3.0.3', reason: 'syn-ack' });
    expect(run.findings.find((f) => f.rule === 'nmap:ftp-anon')?.title.en).toBe(
      '21/tcp: anonymous FTP login is allowed (nmap ftp-anon)',
    );
    // http on 8080 is judged by the http entry, since nmap identified it with certainty.
    expect(run.findings.find((f) => f.target.port === 8080)?.detail).toEqual(index.byName('http')?.risk.reason);
    const lan = runFromNmap(nmap, { index, file: 'x', reach: 'lan' });
    expect(lan.findings.find((f) => f.rule === 'exposure' && f.target.port === 21)?.severity).toBe(entry?.risk.lan);
  });

  it("exports back to nmap XML with the same ports and services, nmap's script output in one script per port", () => {
    const again = parseNmapXml(renderNmapXml(run, { lang: 'en', portName: () => null }));
    const ports = (n: typeof nmap): unknown =>
      n.hosts[0]?.ports
        .filter((p) => p.state === 'open')
        .map((p) => [p.portid, p.service?.name, p.service?.product, p.service?.version, p.service?.cpe]);
    expect(ports(again)).toEqual(ports(nmap));
    const http = again.hosts[0]?.ports.find((p) => p.portid === 8080);
    expect(http?.scripts.map((s) => s.id)).toEqual(['portwarden']);
    expect(http?.scripts[0]?.output).toContain('http-title: portwarden nmap lab');
    expect(http?.scripts[0]?.elems['http-title.title']).toBe('portwarden nmap lab');
  });
});

describe('nmap XML with a host script from the vulns library', () => {
  const run = runFromNmap(parseNmapXml(fixture('vuln-hostscript.xml')), { index, file: 'v.xml', reach: 'lan' });

  it('turns a VULNERABLE state into a high finding and keeps the host script', () => {
    const vuln = run.findings.find((f) => f.rule === 'nmap:smb-vuln-ms17-010');
    expect(vuln).toMatchObject({ severity: 'high', evidence: { state: 'VULNERABLE', ids: 'CVE:CVE-2017-0143' } });
    expect(vuln?.title.zh).toContain('nmap 脚本 smb-vuln-ms17-010 报告存在漏洞');
    expect(run.hosts[0]?.checks?.[0]?.evidence['CVE-2017-0143.state']).toBe('VULNERABLE');
  });

  it('uses the IP address, keeps host names, and keeps an unfiltered port as filtered with nmap’s word', () => {
    expect(run.hosts[0]).toMatchObject({ host: '203.0.113.9', hostnames: ['files.lab.example'] });
    expect(run.hosts[0]?.ports.find((p) => p.port === 139)).toMatchObject({
      state: 'filtered',
      reason: 'reset (unfiltered)',
    });
    expect(run.interrupted).toBe(true); // no <runstats>: the scan never finished
  });
});

describe('documents that are not nmap XML', () => {
  it('names what is wrong', () => {
    expect(() => parseNmapXml('<html/>')).toThrow(NmapXmlError);
    expect(() => parseNmapXml('<nmaprun><host><address addr="not-an-ip" addrtype="ipv4"/></host></nmaprun>')).toThrow(
      /host address/,
    );
    expect(() =>
      parseNmapXml(
        '<nmaprun><host><address addr="203.0.113.1" addrtype="ipv4"/><ports><port protocol="tcp" portid="70000"/></ports></host></nmaprun>',
      ),
    ).toThrow(/port number/);
  });
});
