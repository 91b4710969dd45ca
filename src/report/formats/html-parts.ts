/**
 * What every HTML report shares (run, diff, fix plan): the page itself (one file, a Content-Security-Policy that
 * forbids every request, inline style and script, a language switch), texts in both languages, severity badges and
 * commands with a copy button. Everything passed in as text is escaped here.
 */
import type { Severity } from '../../core/finding.js';
import { t, type MessageKey } from '../../core/i18n.js';
import { LANGS, type Lang, type Text } from '../../core/lang.js';
import { escapeAttr, escapeText } from './escape.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

type Params = Readonly<Record<string, string | number>>;

/** A text in both languages, each in its own element; CSS shows the chosen one. */
export function both(text: Text, tag = 'span'): string {
  return LANGS.map(
    (l) => `<${tag} class="${l}" lang="${l === 'zh' ? 'zh-CN' : 'en'}">${escapeText(text[l])}</${tag}>`,
  ).join('');
}

/** A catalogue message in both languages. */
export function msg(key: MessageKey, params: Params = {}, tag = 'span'): string {
  return both({ en: t('en', key, params), zh: t('zh', key, params) }, tag);
}

export function badge(severity: Severity): string {
  return `<span class="badge sev-${severity}">${msg(`severity.${severity}`)}</span>`;
}

/**
 * A command with a copy button: the button copies the text of the `code` next to it, exactly as shown.
 * @example copyCommand('nft add table inet portwarden')
 */
export function copyCommand(text: string): string {
  const copy = LANGS.map(
    (l) =>
      `<span class="${l}" data-label="${escapeAttr(t(l, 'report.copy'))}" data-done="${escapeAttr(t(l, 'report.copied'))}">${escapeText(t(l, 'report.copy'))}</span>`,
  ).join('');
  return `<div class="cmd"><code>${escapeText(text)}</code><button type="button" data-copy="">${copy}</button></div>`;
}

export interface HtmlPage {
  /** The language the page opens in. */
  readonly lang: Lang;
  /** The document's title in each language (the switch changes it). */
  readonly title: Text;
  /** The page heading (markup, from `msg` or `both`). */
  readonly heading: string;
  /** The line under the heading (markup). */
  readonly subtitle: string;
  /** The sections (markup). */
  readonly body: readonly string[];
}

/**
 * A whole self-contained HTML document.
 * @example htmlPage({ lang: 'zh', title, heading: msg('diff.report.title'), subtitle: '', body: [] })
 */
export function htmlPage(p: HtmlPage): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${p.lang === 'zh' ? 'zh-CN' : 'en'}" data-lang="${p.lang}" data-title-en="${escapeAttr(p.title.en)}" data-title-zh="${escapeAttr(p.title.zh)}">`,
    '<head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeText(p.title[p.lang])}</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    `<header><div><h1>${p.heading}</h1><p>${p.subtitle}</p></div>`,
    `<div class="switch" role="group" aria-label="Language / 语言"><button type="button" data-set-lang="zh" aria-pressed="${String(p.lang === 'zh')}">中文</button><button type="button" data-set-lang="en" aria-pressed="${String(p.lang === 'en')}">English</button></div></header>`,
    '<main>',
    ...p.body,
    `</main><script>${HTML_SCRIPT}</script></body></html>`,
  ].join('\n');
}
