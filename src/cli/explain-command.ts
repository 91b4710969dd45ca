/** `portwarden explain`: the knowledge base for ports, ranges and service names. */
import type { Command } from 'commander';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { writeJson } from './json.js';

export function registerExplain(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('explain')
    .description(t(ctx.lang, 'cli.explain.description'))
    .argument('<query...>', t(ctx.lang, 'cli.explain.arg'))
    .option('--json', t(ctx.lang, 'cli.opt.json'))
    .action(async (query: string[], opts: { json?: boolean }) => {
      const [{ explain }, { renderExplainText }] = await Promise.all([
        import('../knowledge/explain.js'),
        import('../report/explain-text.js'),
      ]);
      const result = explain(query);
      if (opts.json === true) writeJson(ctx, { ...result, lang: ctx.lang });
      else ctx.io.stdout.write(renderExplainText(result, ctx));
      done(0);
    });
}
