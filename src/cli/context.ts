/** Options every command shares (language, colour), resolved once from flags and environment. */
import { usageError } from '../core/errors.js';
import { langFromEnv, parseLang, type Lang } from '../core/lang.js';
import { colorWanted, makeColors, type Colors } from '../report/terminal.js';
import type { CliIo } from './io.js';

export interface CliContext {
  readonly io: CliIo;
  readonly lang: Lang;
  readonly colors: Colors;
  /** Columns to wrap text at: the terminal's width, or no wrapping when piped. */
  readonly width: number;
  /** Aborted on Ctrl-C, so long work stops cleanly. */
  readonly signal?: AbortSignal;
}

/** The --lang value found in argv before commander parses it, so help and errors are localised too. */
export function langFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--lang') return argv[i + 1] ?? '';
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** Build the shared context; an unsupported --lang is a usage error. */
export function makeContext(io: CliIo, argv: readonly string[], signal?: AbortSignal): CliContext {
  const asked = langFromArgv(argv);
  let lang: Lang;
  if (asked === undefined) lang = langFromEnv(io.env);
  else {
    const parsed = parseLang(asked);
    if (parsed === undefined) throw usageError('USAGE', 'error.badLang', { value: asked });
    lang = parsed;
  }
  const noColor = argv.includes('--no-color');
  const colors = makeColors(!noColor && colorWanted(io.stdout, io.env));
  const width = io.stdout.isTTY === true ? Math.max(40, Math.min(io.stdout.columns ?? 100, 120)) : Infinity;
  return signal === undefined ? { io, lang, colors, width } : { io, lang, colors, width, signal };
}
