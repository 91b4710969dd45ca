// The run renderers on a run with hostile service answers: what each format shows, and that nothing from the
// network escapes its quoting.
import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../../knowledge/load.js';
import { parseNmapXml } from '../../import/nmap-xml.js';
import { parseXml } from '../../import/xml.js';
import { HOSTILE, sampleRun } from '../../../test/support/sample-run.js';
import { parseFormat, renderRun, renderRunJsonl } from '../format.js';
import { compressPorts, scanListParameters } from '../port-list.js';
import { csvCell, renderCsv } from './csv.js';
import { escapeAttr, escapeText, xmlSafe } from './escape.js';
import { HTML_CSP, renderHtml } from './html.js';
import { mdText, renderMarkdown } from './md.js';
import { ctime, portCount, renderNmapXml } from './nmap-xml.js';

const index = new KnowledgeIndex();
const run = sampleRun();

describe('format names', () => {
  it('accepts every format, case-insensitively, and refuses others with a usage error', () => {
    expect(parseFormat('HTML')).toBe('html');
    expect(parseFormat('markdown')).toBe('md');
    expect(() => parseFormat('pdf')).toThrow(/not a report format/);
  });
});

describe('escaping', () => {
  it('turns markup into references and forbidden XML characters into \\xNN', () => {
    expect(escapeText('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(escapeAttr('a\nb\tc')).toBe('a&#10;b&#9;c');
    expect(xmlSafe('a\u0000b\u001bc\ud800d')).toBe('a\\x00b\\x1bc\\ud800d');
    expect(xmlSafe('ok 中文 😀')).toBe('ok 中文 😀');
  });
});

describe('csv', () => {
  it('quotes separators and neutralises formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2');
  });

  it('has one row per port not closed, with the most urgent finding, in both languages', () => {
    const en = renderCsv(run, 'en').split('\r\n');
    expect(en[0]).toBe(
      'Host,Port,Protocol,State,Reason,Bind address,Service,Product,Version,Process,Risk,Advice,Findings',
    );
    expect(en).toHaveLength(4); // header, two ports, final empty line
    expect(en[1]).toMatch(/^203\.0\.113\.5,23,tcp,open,syn-ack,,telnet,,,,critical,close,/);
    expect(en[2]).toContain(`"'=cmd|' /C calc'!A0`);
    const zh = renderCsv(run, 'zh');
    expect(zh.startsWith('主机,端口,协议,状态')).toBe(true);
    expect(zh).toContain(',严重,关闭,');
  });
});

describe('markdown', () => {
  it('escapes what the network said and shows the knowledge base advice for exposure findings', () => {
    expect(mdText('a|b *c* <d>')).toBe('a\\|b \\*c\\* &lt;d\\>');
    const md = renderMarkdown(run, 'en', index);
    expect(md).not.toContain('<script>');
    expect(md).toContain('## 203\\.0\\.113\\.5 \\(up\\)');
    expect(md).toContain('| 23/tcp | open | telnet |');
    const telnet = index.byPort(23);
    expect(telnet).toBeDefined();
    const step = mdText(telnet?.advice.steps[0]?.en ?? '?');
    expect(md).toContain(`1. ${step}`);
    expect(renderMarkdown(run, 'zh', index)).toContain('## 参数'.replace('参数', '运行参数'));
  });
});

describe('html', () => {
  const html = renderHtml(run, 'zh', index);

  it('is one file with a CSP that forbids every request and no URL to fetch', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(/i);
  });

  it('never lets a banner become markup', () => {
    // The one <script> element is ours, at the end.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('\u001b');
    // Well-formed as XML once our own script and the void meta elements are set aside: no answer broke the structure.
    const body = html
      .replace('<!DOCTYPE html>', '')
      .replace(/<meta[^>]*>/g, '')
      .replace(/<script>[^]*<\/script>/, '');
    expect(() => parseXml(body)).not.toThrow();
  });

  it('carries both languages, opens in the one asked, and has the parts a reader needs', () => {
    expect(html).toMatch(/<html lang="zh-CN" data-lang="zh"/);
    expect(renderHtml(run, 'en', index)).toMatch(/<html lang="en" data-lang="en"/);
    expect(html).toContain('<span class="en" lang="en">critical</span><span class="zh" lang="zh-CN">严重</span>');
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('portwarden scan 203.0.113.5 -p T:23 -Pn');
    expect(html).toContain('data-copy');
    expect(html).toContain('cpe:/a:example:httpd:1.0');
    expect(html).toContain(escapeText(index.byPort(23)?.advice.steps[0]?.zh ?? '?'));
  });
});

describe('nmap XML', () => {
  const xml = renderNmapXml(run, { lang: 'en', portName: () => null });

  it('reads back as nmap XML with the same hosts, ports and services', () => {
    const back = parseNmapXml(xml);
    expect(back.scanner).toBe('nmap');
    expect(back.start).toBe(Date.parse(run.startedAt) / 1000);
    expect(back.scaninfo).toEqual([{ type: 'connect', protocol: 'tcp', services: '21-23,80' }]);
    expect(back.hosts.map((h) => [h.address, h.state])).toEqual([
      ['203.0.113.5', 'up'],
      ['2001:db8:203::7', 'down'],
    ]);
    const [telnet, http] = back.hosts[0]?.ports ?? [];
    expect(telnet).toMatchObject({
      portid: 23,
      state: 'open',
      reason: 'syn-ack',
      service: { name: 'telnet', method: 'probed' },
    });
    expect(http?.service).toMatchObject({ name: 'http', version: '1.0', extrainfo: 'Debian', conf: 10 });
    expect(http?.service?.cpe).toEqual(['cpe:/a:example:httpd:1.0']);
    // One script per port: ndiff up to 7.95 cannot read two.
    expect(http?.scripts.map((s) => s.id)).toEqual(['portwarden']);
    const script = http?.scripts[0];
    expect(script?.elems['http-title.title']).toBe(xmlSafe(HOSTILE));
    expect(script?.elems['http-methods.status']).toBe('error');
    expect(script?.elems['findings.http-title.severity']).toBe('medium');
    expect(script?.output.split('\n')).toEqual([
      `medium: Title ${xmlSafe(HOSTILE)} (keep and harden)`,
      `http-title: title=${xmlSafe(HOSTILE)}, status=200`,
      'http-methods: error: timed out',
    ]);
    expect(back.hosts[0]?.extraports).toEqual([{ state: 'closed', count: 2 }]);
  });

  it('refuses audits, whose hosts are not addresses', () => {
    expect(() => renderNmapXml({ ...run, kind: 'audit' }, { lang: 'en', portName: () => null })).toThrow(/nmap XML/);
  });

  it('writes times and port counts as nmap does', () => {
    expect(ctime(new Date(2026, 10, 9, 8, 7, 6))).toBe('Mon Nov  9 08:07:06 2026');
    expect(portCount('21-23,80')).toBe(4);
    expect(compressPorts([80, 21, 23, 22, 80])).toBe('21-23,80');
    expect(scanListParameters(['a'], { tcp: [22], udp: [53] }).command).toBe('portwarden scan a -p T:22,U:53 --udp');
  });
});

describe('json and jsonl', () => {
  it('json is the run record; jsonl is its head, then hosts, then findings', () => {
    expect(JSON.parse(renderRun(run, 'json', { lang: 'en', index }))).toEqual(run);
    const lines = renderRunJsonl(run)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['run', 'host', 'host', 'finding', 'finding']);
  });
});
