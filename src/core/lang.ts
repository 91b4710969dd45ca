/** Languages portwarden speaks and how the default is chosen from the environment. */

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in every language we ship. */
export type Text = Readonly<Record<Lang, string>>;

/** Narrow an arbitrary string to a Lang, or undefined. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'zh' || v.startsWith('zh-') || v.startsWith('zh_')) return 'zh';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en';
  return undefined;
}

/**
 * The language the environment asks for, following POSIX precedence:
 * LC_ALL, then LC_MESSAGES, then LANG. Chinese for any zh_* locale, English otherwise.
 * @example langFromEnv({ LANG: 'zh_CN.UTF-8' }) // 'zh'
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const key of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    return value.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  return 'en';
}
