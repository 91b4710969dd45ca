/** The report formats a user can name with --format (kept apart from the renderers: commands load it at start). */
import { usageError } from '../core/errors.js';

export const FORMATS = ['text', 'json', 'jsonl', 'csv', 'md', 'html', 'xml'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** Formats rendered from the finished run record. */
export type RunFormat = Exclude<ReportFormat, 'text'>;

/**
 * The format a user asked for (case-insensitive; `markdown` for md). Unknown names are a usage error.
 * @example parseFormat('HTML') // 'html'
 */
export function parseFormat(value: string): ReportFormat {
  const v = value.trim().toLowerCase();
  const name = v === 'markdown' ? 'md' : v === 'nmap' ? 'xml' : v;
  if ((FORMATS as readonly string[]).includes(name)) return name as ReportFormat;
  throw usageError('USAGE', 'error.badFormat', { value, formats: FORMATS.join(', ') });
}
