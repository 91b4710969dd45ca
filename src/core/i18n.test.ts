import { describe, expect, it } from 'vitest';
import { catalogueKeys, t } from './i18n.js';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('message catalogue', () => {
  it.each(catalogueKeys())('%s exists in both languages with the same placeholders', (key) => {
    const en = t('en', key);
    const zh = t('zh', key);
    expect(en.trim()).not.toBe('');
    expect(zh.trim()).not.toBe('');
    expect(placeholders(zh)).toEqual(placeholders(en));
    expect(en).not.toMatch(/[\u3400-\u9fff]/u);
  });

  it('has Chinese in every Chinese message that has words', () => {
    for (const key of catalogueKeys()) {
      const zh = t('zh', key);
      const words = zh.replace(/\{\w+\}|portwarden|[A-Za-z]{1,4}\b|[^A-Za-z\u3400-\u9fff]/gu, '');
      if (words !== '') expect(zh, key).toMatch(/[\u3400-\u9fff]/u);
    }
  });

  it('fills placeholders', () => {
    expect(t('en', 'error.portOutOfRange', { token: '70000' })).toContain('"70000"');
    expect(t('zh', 'error.portOutOfRange', { token: '70000' })).toContain('"70000"');
  });
});
