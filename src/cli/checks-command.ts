/** `portwarden checks`: every check a scan can run, like nmap's --script-help. */
import type { Command } from 'commander';
import { t } from '../core/i18n.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit.js';

export function registerChecks(program: Command, ctx: CliContext, done: (code: number) => void): void {
  program
    .command('checks')
    .description(t(ctx.lang, 'cli.checks.description'))
    .option('--json', t(ctx.lang, 'cli.scan.json'))
    .action(async (flags: { json?: boolean }) => {
      const [{ allChecks }, terminal] = await Promise.all([
        import('../checks/registry.js'),
        import('../report/terminal.js'),
      ]);
      const checks = await allChecks();
      if (flags.json === true) {
        for (const c of checks) {
          const described = {
            id: c.id,
            title: c.title,
            categories: c.categories,
            references: c.references,
            applies: c.applies,
          };
          ctx.io.stdout.write(JSON.stringify(described) + '\n');
        }
        done(EXIT.ok);
        return;
      }
      const rows = checks.map((c) => [
        c.id,
        c.categories.join(','),
        [...(c.applies.ports ?? []).map((p) => `${p}/${c.applies.transport}`), ...(c.applies.services ?? [])].join(
          ' ',
        ) || (c.applies.tls === true ? 'tls' : '-'),
        c.title[ctx.lang],
      ]);
      const header = (['id', 'categories', 'applies', 'title'] as const).map((k) => t(ctx.lang, `checks.col.${k}`));
      const widths = header.map((h, k) =>
        Math.min(40, Math.max(terminal.displayWidth(h), ...rows.map((r) => terminal.displayWidth(r[k] ?? '')))),
      );
      const line = (r: readonly string[]): string =>
        r.map((cell, k) => (k === r.length - 1 ? cell : terminal.padEnd(cell, widths[k] ?? 0))).join('  ');
      ctx.io.stdout.write(ctx.colors.dim(line(header)) + '\n');
      for (const r of rows) ctx.io.stdout.write(line(r) + '\n');
      done(EXIT.ok);
    });
}
