import { describe, expect, it } from 'vitest';
import { langFromEnv, parseLang } from './lang.js';

describe('langFromEnv', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' })).toBe('zh');
    expect(langFromEnv({ LC_ALL: '', LANG: 'zh_SG' })).toBe('zh');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });
});

describe('parseLang', () => {
  it('accepts zh and en in their usual spellings', () => {
    expect(parseLang('zh')).toBe('zh');
    expect(parseLang('ZH-cn')).toBe('zh');
    expect(parseLang('en_GB')).toBe('en');
    expect(parseLang('fr')).toBeUndefined();
    expect(parseLang('')).toBeUndefined();
  });
});
