/** The portwarden command line: builds the program, runs it, maps errors to exit codes. */
import { Command, CommanderError } from 'commander';
import { PortwardenError, isUsageError } from '../core/errors.js';
import { isMessageKey, t, type MessageKey } from '../core/i18n.js';
import { langFromEnv, type Lang } from '../core/lang.js';
import { portwardenVersion } from '../core/version.js';
import { makeContext, type CliContext } from './context.js';
import { registerExplain } from './explain-command.js';
import { registerAudit } from './audit-command.js';
import { registerScan, rewriteNmapFlags } from './scan-command.js';
import { registerChecks } from './checks-command.js';
import { registerFix } from './fix-command.js';
import { registerHistory } from './history-command.js';
import { registerShow } from './show-command.js';
import { registerStoreRuns } from './store-runs.js';
import { registerImport } from './import-command.js';
import { settleReports } from './report-output.js';
import { registerDiff } from './diff-command.js';
import { registerInitPolicy } from './init-policy-command.js';
import { EXIT } from './exit.js';
import { processIo, type CliIo } from './io.js';

export { EXIT };

function buildProgram(ctx: CliContext, done: (code: number) => void): Command {
  const lang = ctx.lang;
  const program = new Command('portwarden')
    .description(t(lang, 'cli.description'))
    .version(portwardenVersion(), '-V, --version', t(lang, 'cli.opt.version'))
    .helpOption('-h, --help', t(lang, 'cli.opt.help'))
    .helpCommand('help [command]', t(lang, 'cli.cmd.help'))
    .option('--lang <lang>', t(lang, 'cli.opt.lang'))
    .option('--no-color', t(lang, 'cli.opt.noColor'))
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      // Commander's own error sentences are English only; we print ours from the catalogue instead.
      writeErr: () => undefined,
      outputError: () => undefined,
    })
    .configureHelp({
      styleTitle: (title: string) => {
        const key = `help.${title}`;
        return isMessageKey(key) ? t(lang, key) : title;
      },
    });
  registerAudit(program, ctx, done);
  registerScan(program, ctx, done);
  registerExplain(program, ctx, done);
  registerChecks(program, ctx, done);
  registerFix(program, ctx, done);
  registerHistory(program, ctx, done);
  registerShow(program, ctx, done);
  registerStoreRuns(ctx);
  registerImport(program, ctx, done);
  registerDiff(program, ctx, done);
  registerInitPolicy(program, ctx, done);
  for (const cmd of program.commands) {
    cmd.helpOption('-h, --help', t(lang, 'cli.opt.help'));
    // Global options are accepted after the subcommand too: `portwarden explain 21 --lang zh`.
    cmd.option('--lang <lang>', t(lang, 'cli.opt.lang')).option('--no-color', t(lang, 'cli.opt.noColor'));
  }
  return program;
}

/** Our sentence for a commander parse error (its own are English only). */
function commanderMessage(err: CommanderError, lang: Lang): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const map: Record<string, MessageKey> = {
    'commander.unknownOption': 'error.unknownOption',
    'commander.unknownCommand': 'error.unknownCommand',
    'commander.missingArgument': 'error.missingArgument',
    'commander.optionMissingArgument': 'error.optionMissingArgument',
    'commander.excessArguments': 'error.excessArguments',
  };
  const key = map[err.code];
  if (key === undefined) return err.message.replace(/^error: /, '');
  return t(lang, key, { option: quoted, command: quoted, argument: quoted });
}

/** Our sentence for an error of the machine rather than of portwarden or the user; null for other errors. */
function environmentMessage(err: PortwardenError, lang: Lang): string | null {
  const d = err.details;
  const text = (key: string): string =>
    typeof d[key] === 'string' ? d[key] : typeof d[key] === 'number' ? String(d[key]) : '';
  switch (err.code) {
    case 'TOOL_MISSING':
      return t(lang, 'error.toolMissing', { tool: text('tool') });
    case 'COMMAND_FAILED':
      return t(lang, 'error.commandFailed', { tool: text('tool'), message: err.message });
    case 'PROCFS_UNREADABLE':
      return t(lang, 'error.procfsUnreadable', { path: text('path') });
    case 'UNSUPPORTED_PLATFORM':
      return t(lang, 'error.unsupportedPlatform', { platform: text('platform') });
    default:
      return null;
  }
}

function reportError(io: CliIo, lang: Lang, message: string, hint: boolean): void {
  io.stderr.write(`${t(lang, 'error.prefix')}${message}\n`);
  if (hint) io.stderr.write(`${t(lang, 'error.usageHint')}\n`);
}

/**
 * Run the CLI with `argv` (without node and script), returning the exit code.
 * @example await run(['explain', '21', '--lang', 'zh'])
 */
export async function run(argv: readonly string[], io: CliIo = processIo(), signal?: AbortSignal): Promise<number> {
  let lang: Lang = langFromEnv(io.env);
  let code: number = EXIT.ok;
  try {
    const ctx = makeContext(io, argv, signal);
    lang = ctx.lang;
    const program = buildProgram(ctx, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync(rewriteNmapFlags(argv), { from: 'user' });
    settleReports(true);
    return code;
  } catch (err) {
    // A report file is complete or absent: one the failed command was writing is removed.
    settleReports(false);
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return EXIT.ok;
      }
      reportError(io, lang, commanderMessage(err, lang), true);
      return EXIT.usage;
    }
    if (isUsageError(err)) {
      const { key, params } = err.details as { key?: string; params?: Record<string, string | number> };
      reportError(io, lang, key !== undefined && isMessageKey(key) ? t(lang, key, params) : err.message, false);
      return EXIT.usage;
    }
    const environment = err instanceof PortwardenError ? environmentMessage(err, lang) : null;
    if (environment !== null) {
      reportError(io, lang, environment, false);
      return EXIT.internal;
    }
    const message = err instanceof Error ? err.message : String(err);
    reportError(io, lang, t(lang, 'error.internal', { message }), false);
    return EXIT.internal;
  }
}
