/** `portwarden explain`: the knowledge base for ports, ranges and service names. */
import type { Command } from 'commander';
import { t } from '../core/i18n.js';
import { explain } from '../knowledge/explain.js';
import { renderExplainText } from '../report/explain-text.js';
import type { CliContext } from './context.js';

export function registerExplain(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('explain')
    .description(t(ctx.lang, 'cli.explain.description'))
    .argument('<query...>', t(ctx.lang, 'cli.explain.arg'))
    .option('--json', t(ctx.lang, 'cli.opt.json'))
    .action((query: string[], opts: { json?: boolean }) => {
      const result = explain(query);
      if (opts.json === true) ctx.io.stdout.write(JSON.stringify({ ...result, lang: ctx.lang }, null, 2) + '\n');
      else ctx.io.stdout.write(renderExplainText(result, ctx));
      done(0);
    });
}
