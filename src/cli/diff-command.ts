/**
 * `portwarden diff A B`: what changed from run A to run B, as text, JSON (`--json`, the same as `--format json`),
 * JSON Lines, CSV, Markdown or HTML, to standard output or a file (`-o`). Exit code 0 when nothing changed, 1 when
 * something did (as ndiff).
 */
import type { Command } from 'commander';
import { usageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { writeJson } from './json.js';
import { chosenFormat, openReport } from './report-output.js';
import { resolveRun } from './run-source.js';

interface DiffFlags {
  json?: boolean;
  format?: string;
  output?: string;
}

export function registerDiff(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('diff')
    .description(t(ctx.lang, 'cli.diff.description'))
    .argument('<a>', t(ctx.lang, 'cli.diff.a'))
    .argument('<b>', t(ctx.lang, 'cli.diff.b'))
    .option('--json', t(ctx.lang, 'cli.diff.json'))
    .option('--format <format>', t(ctx.lang, 'cli.diff.format'))
    .option('-o, --output <file>', t(ctx.lang, 'cli.opt.output'))
    .action(async (a: string, b: string, flags: DiffFlags) => {
      // A diff is not a scan: there is no nmap XML of it (ndiff compares two scans' XML itself).
      if (chosenFormat(flags, 'json') === 'xml') throw usageError('USAGE', 'error.diff.xml');
      const out = openReport(ctx, flags, 'json');
      const [runA, runB, { diffRuns }] = await Promise.all([resolveRun(a), resolveRun(b), import('../assess/diff.js')]);
      const diff = diffRuns(runA, runB);
      const format = out.format;
      if (format === 'json') writeJson(out, diff);
      else if (format === 'text') {
        const { renderDiffText } = await import('../report/diff-text.js');
        out.io.stdout.write(renderDiffText(diff, out));
      } else if (format !== 'xml') {
        const r = await import('../report/formats/diff-formats.js');
        const render = {
          jsonl: () => r.renderDiffJsonl(diff),
          csv: () => r.renderDiffCsv(diff, ctx.lang),
          md: () => r.renderDiffMarkdown(diff, ctx.lang),
          html: () => r.renderDiffHtml(diff, ctx.lang),
        };
        out.io.stdout.write(render[format]());
      }
      done(diff.same ? EXIT.ok : EXIT.findings);
    });
}
