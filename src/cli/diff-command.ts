/** `portwarden diff A B`: what changed from run A to run B. Exit code 0 when nothing did, 1 when something did (as ndiff). */
import type { Command } from 'commander';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';
import { writeJson } from './json.js';
import { resolveRun } from './run-source.js';

interface DiffFlags {
  json?: boolean;
}

export function registerDiff(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('diff')
    .description(t(ctx.lang, 'cli.diff.description'))
    .argument('<a>', t(ctx.lang, 'cli.diff.a'))
    .argument('<b>', t(ctx.lang, 'cli.diff.b'))
    .option('--json', t(ctx.lang, 'cli.diff.json'))
    .action(async (a: string, b: string, flags: DiffFlags) => {
      const [runA, runB, { diffRuns }, { renderDiffText }] = await Promise.all([
        resolveRun(a),
        resolveRun(b),
        import('../assess/diff.js'),
        import('../report/diff-text.js'),
      ]);
      const diff = diffRuns(runA, runB);
      if (flags.json === true) writeJson(ctx, diff);
      else ctx.io.stdout.write(renderDiffText(diff, ctx));
      done(diff.same ? EXIT.ok : EXIT.findings);
    });
}
