/**
 * The style sheet and script inlined into the HTML report. Nothing here is data: everything found on the network is
 * escaped into the document, never into these. The script only switches language and copies commands.
 */

export const SEVERITY_COLORS = {
  critical: '#8e24aa',
  high: '#d32f2f',
  medium: '#ef6c00',
  low: '#1e88e5',
  info: '#78909c',
} as const;

export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5c6577; --line: #dde2ea; --bg: #f6f7f9; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--fg); background: var(--bg); }
html[data-lang="en"] .zh, html[data-lang="zh"] .en { display: none !important; }
header { background: #1f2a3c; color: #fff; padding: 20px 32px; display: flex; gap: 24px; align-items: flex-start;
  justify-content: space-between; flex-wrap: wrap; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; color: #c8d0dc; font-size: 13px; }
.switch { display: inline-flex; border: 1px solid #50607a; border-radius: 6px; overflow: hidden; }
.switch button { background: transparent; color: #dfe6f0; border: 0; padding: 6px 14px; font: inherit; cursor: pointer; }
.switch button[aria-pressed="true"] { background: #fff; color: #1f2a3c; font-weight: 600; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 0 0 20px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 0 0 6px; }
table.params th { text-transform: none; letter-spacing: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
pre { white-space: pre-wrap; word-break: break-word; margin: 4px 0; background: var(--bg); padding: 8px 10px; border-radius: 6px; }
.summary { display: flex; gap: 28px; flex-wrap: wrap; align-items: center; }
.totals { display: grid; grid-template-columns: auto auto; gap: 4px 14px; font-size: 14px; }
.totals b { font-size: 20px; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 64px; text-align: center; color: #fff; border-radius: 4px; padding: 1px 8px;
  font-size: 12px; font-weight: 600; }
${Object.entries(SEVERITY_COLORS)
  .map(
    ([s, c]) => `.sev-${s} .badge, .badge.sev-${s} { background: ${c}; } article.sev-${s} { border-left-color: ${c}; }`,
  )
  .join('\n')}
article { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 6px; padding: 12px 16px;
  margin: 0 0 14px; background: var(--card); }
article .where { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; font-size: 13px; }
dl.evidence dt { color: var(--muted); }
dl.evidence dd { margin: 0; word-break: break-word; }
.advice ol { margin: 4px 0 8px; padding-left: 22px; }
.cmd { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.cmd code { flex: 1; background: #1f2a3c; color: #e8eef7; padding: 6px 10px; border-radius: 6px; overflow-x: auto; white-space: pre; }
.cmd button { font: inherit; font-size: 12px; padding: 5px 10px; border: 1px solid var(--line); background: #fff;
  border-radius: 5px; cursor: pointer; }
.note { color: var(--muted); font-size: 13px; }
.warn { background: #fff4e5; border: 1px solid #ffcc80; padding: 8px 12px; border-radius: 6px; }
details summary { cursor: pointer; color: var(--muted); margin: 8px 0 4px; }
a { color: #1565c0; }
@media print { .switch, .cmd button { display: none; } body { background: #fff; } }
`;

/** Switches the language (the report opens in the language it was made in) and copies a command to the clipboard. */
export const HTML_SCRIPT = `
(function () {
  var root = document.documentElement;
  function setLang(lang) {
    root.setAttribute('data-lang', lang);
    root.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    document.title = root.getAttribute('data-title-' + lang) || document.title;
    var buttons = document.querySelectorAll('[data-set-lang]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-set-lang') === lang));
    }
  }
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    var lang = target.getAttribute('data-set-lang');
    if (lang) { setLang(lang); return; }
    if (target.hasAttribute('data-copy')) {
      var code = target.parentElement && target.parentElement.querySelector('code');
      var text = code ? code.textContent || '' : '';
      var done = function () {
        target.classList.add('copied');
        var labels = target.querySelectorAll('.en, .zh');
        for (var k = 0; k < labels.length; k++) labels[k].textContent = labels[k].getAttribute('data-done');
        setTimeout(function () {
          for (var k = 0; k < labels.length; k++) labels[k].textContent = labels[k].getAttribute('data-label');
          target.classList.remove('copied');
        }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else { fallback(text); done(); }
    }
  });
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    area.remove();
  }
  setLang(root.getAttribute('data-lang') === 'zh' ? 'zh' : 'en');
})();
`;
