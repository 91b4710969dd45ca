import { describe, expect, it } from 'vitest';
import { t } from '../core/i18n.js';
import { explain } from '../knowledge/explain.js';
import { KnowledgeIndex } from '../knowledge/load.js';
import { renderExplainText } from './explain-text.js';
import { displayWidth, makeColors, wrap } from './terminal.js';

const plain = makeColors(false);
const index = new KnowledgeIndex();

describe('renderExplainText', () => {
  it.each(index.entries.map((e) => e.port))('renders port %i completely in both languages', (port) => {
    const entry = index.byPort(port);
    for (const lang of ['en', 'zh'] as const) {
      const text = renderExplainText(explain([String(port)], index), { lang, colors: plain, width: Infinity });
      for (const key of [
        'explain.purpose',
        'explain.howItWorks',
        'explain.risk',
        'explain.weaknesses',
        'explain.advice',
      ] as const) {
        expect(text).toContain(t(lang, key));
      }
      expect(text).toContain(entry?.purpose[lang]);
      for (const w of entry?.weaknesses ?? []) expect(text).toContain(w.title[lang]);
      for (const m of entry?.malware ?? []) expect(text).toContain(m.name);
      for (const c of entry?.corrections ?? []) expect(text).toContain(c.fact[lang]);
      for (const s of entry?.advice.steps ?? []) expect(text).toContain(s[lang]);
      if (lang === 'zh') expect(text).not.toMatch(/Purpose|Weaknesses|Advice|References/);
      else expect(text).not.toMatch(/[\u3400-\u9fff]/u);
    }
  });

  it('renders 135 in Chinese with the Blaster bulletin', () => {
    const text = renderExplainText(explain(['135'], index), { lang: 'zh', colors: plain, width: Infinity });
    expect(text).toContain('MS03-026');
    expect(text).toContain('CVE-2003-0352');
    expect(text).toContain('建议');
  });

  it('marks registry-only and unassigned ports honestly', () => {
    const en = renderExplainText(explain(['7', '4'], index), { lang: 'en', colors: plain, width: Infinity });
    expect(en).toContain(t('en', 'explain.registryOnly'));
    expect(en).toContain(t('en', 'explain.unassigned', { port: 4 }));
  });

  it('prints a range as a table with a count line', () => {
    const zh = renderExplainText(explain(['1-30'], index), { lang: 'zh', colors: plain, width: Infinity });
    expect(zh.split('\n')[0]).toContain(t('zh', 'explain.summary.port'));
    expect(zh).toMatch(/^21\/tcp\s+ftp\s+高/m);
  });

  it('writes no colour codes when colour is off, and some when on', () => {
    const args = explain(['21'], index);
    expect(renderExplainText(args, { lang: 'en', colors: plain, width: 80 })).not.toContain('\u001b[');
    expect(renderExplainText(args, { lang: 'en', colors: makeColors(true), width: 80 })).toContain('\u001b[');
  });
});

describe('wrap', () => {
  it('keeps every line within the width, counting Chinese characters as two columns', () => {
    const zh = index.byPort(21)?.howItWorks.zh ?? '';
    const en = index.byPort(21)?.howItWorks.en ?? '';
    for (const text of [zh, en]) {
      const lines = wrap(text, 40, '  ').split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
      // Nothing is lost or reordered: the same characters, only the breaks differ.
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('does not start a line with closing Chinese punctuation', () => {
    const lines = wrap('这是一个很长的句子，用来检查换行时标点不会出现在行首。'.repeat(4), 24).split('\n');
    for (const line of lines) expect(line).not.toMatch(/^[，。]/u);
  });
});
