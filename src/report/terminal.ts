/** Terminal text helpers: display width of mixed Chinese/Latin text, wrapping, colours. */
import pc from 'picocolors';

/** Colour functions; all identity when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Colours on only for a TTY, and never with NO_COLOR set or --no-color. */
export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Whether colour should be used on a stream, following the NO_COLOR convention (https://no-color.org). */
export function colorWanted(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

// Wide (two-column) code points: CJK, Hangul, fullwidth forms. Enough for what we print.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on a terminal (ANSI colour codes take none). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text.replace(ANSI, '')) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Pad with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Wrap a paragraph to `width` columns with `indent` before every line. Latin text breaks at spaces;
 * Chinese text may break between any two characters, but not before closing punctuation.
 */
export function wrap(text: string, width: number, indent = ''): string {
  const avail = Math.max(20, width - displayWidth(indent));
  const words =
    text
      .replace(/\s+/g, ' ')
      .trim()
      .match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+| /gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (word === ' ') {
      if (line !== '') line += ' ';
      continue;
    }
    const noBreakBefore = /^[，。、；：？！）」』】》]/u.test(word);
    if (line !== '' && displayWidth(line + word) > avail && !noBreakBefore) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.map((l) => indent + l).join('\n');
}
