/**
 * Applying a plan's firewall commands on this machine, and taking them back: each command runs with execFile (an
 * argument vector, never a shell); the first failure stops the run and everything already applied is undone, in
 * reverse order. nftables rules are undone by the handle nft echoes when they are added.
 */
import { PortwardenError } from '../core/errors.js';
import type { CommandResult, CommandRunner } from '../inventory/exec.js';
import type { FirewallCommand } from './types.js';

export interface ExecutedCommand {
  readonly argv: readonly string[];
  /** applied: ran and succeeded; skipped: already in effect (or nothing to remove); failed; undone: applied, then undone. */
  readonly status: 'applied' | 'skipped' | 'failed' | 'undone';
  /** The command that takes it back, when known. */
  readonly undo: readonly string[] | null;
  readonly message?: string;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly commands: readonly ExecutedCommand[];
  /** The command that failed and why, when one did. */
  readonly failure: { readonly argv: readonly string[]; readonly message: string } | null;
  /** Undo commands that themselves failed during the roll back (the firewall may be left half-changed: say so). */
  readonly undoFailures: readonly { readonly argv: readonly string[]; readonly message: string }[];
}

// Debian keeps nft and iptables in /usr/sbin, which may be missing from PATH (sudo keeps it; su may not).
const DIRS = ['', '/usr/sbin/', '/sbin/'];

/** Run a tool by name, looking in the sbin directories when PATH does not have it. */
export async function runTool(
  run: CommandRunner,
  argv: readonly string[],
  signal?: AbortSignal,
): Promise<CommandResult> {
  const [file, ...args] = argv as [string, ...string[]];
  let last: unknown = null;
  for (const dir of file.includes('/') ? [''] : DIRS) {
    try {
      const r = await run(`${dir}${file}`, args, signal);
      // `ip netns exec` reports a missing program on stderr instead of failing to spawn.
      if (r.exitCode !== 0 && /exec of "[^"]*" failed: No such file or directory/.test(r.stderr)) continue;
      return r;
    } catch (err) {
      if (err instanceof PortwardenError && err.details['reason'] === 'tool-missing') {
        last = err;
        continue;
      }
      throw err;
    }
  }
  throw last instanceof Error
    ? last
    : new PortwardenError('TOOL_MISSING', `${file} was not found`, { details: { tool: file } });
}

function message(r: CommandResult): string {
  return (r.stderr.trim() || r.stdout.trim() || `exit code ${r.exitCode}`)
    .split('\n')
    .slice(0, 3)
    .join(' ')
    .slice(0, 400);
}

/** nft: add `-e -a` so that nft echoes the new rule's handle, and build the command that deletes it by handle. */
function nftAddRule(argv: readonly string[]): { argv: string[]; undo: (stdout: string) => string[] | null } | null {
  if (argv[0] !== 'nft' || argv[1] !== 'add' || argv[2] !== 'rule') return null;
  const [family, table, chain] = [argv[3], argv[4], argv[5]] as [string, string, string];
  return {
    argv: ['nft', '-e', '-a', ...argv.slice(1)],
    undo: (stdout) => {
      const handle = /# handle (\d+)/.exec(stdout)?.[1];
      return handle === undefined ? null : ['nft', 'delete', 'rule', family, table, chain, 'handle', handle];
    },
  };
}

function nftUndo(argv: readonly string[]): string[] | null {
  if (argv[0] !== 'nft' || argv[1] !== 'add') return null;
  if (argv[2] === 'table') return ['nft', 'delete', 'table', ...argv.slice(3, 5)];
  if (argv[2] === 'chain') return ['nft', 'delete', 'chain', ...argv.slice(3, 6)];
  return null;
}

async function undoAll(
  run: CommandRunner,
  done: ExecutedCommand[],
  signal?: AbortSignal,
): Promise<ApplyResult['undoFailures']> {
  const failures: { argv: readonly string[]; message: string }[] = [];
  for (let i = done.length - 1; i >= 0; i--) {
    const c = done[i] as ExecutedCommand;
    if (c.status !== 'applied' || c.undo === null) continue;
    try {
      const r = await runTool(run, c.undo, signal);
      if (r.exitCode === 0) done[i] = { ...c, status: 'undone' };
      else failures.push({ argv: c.undo, message: message(r) });
    } catch (err) {
      failures.push({ argv: c.undo, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return failures;
}

/**
 * Run `commands` in order; on the first failure undo what was applied and stop.
 * @example await applyCommands([...plan.setup, ...ruleCommands], { run: createRunner() })
 */
export async function applyCommands(
  commands: readonly FirewallCommand[],
  options: { readonly run: CommandRunner; readonly signal?: AbortSignal },
): Promise<ApplyResult> {
  const { run, signal } = options;
  const done: ExecutedCommand[] = [];
  for (const cmd of commands) {
    try {
      if (cmd.skipIf !== undefined && (await runTool(run, cmd.skipIf, signal)).exitCode === 0) {
        done.push({ argv: cmd.argv, status: 'skipped', undo: null });
        continue;
      }
      if (cmd.onlyIf !== undefined && (await runTool(run, cmd.onlyIf, signal)).exitCode !== 0) {
        done.push({ argv: cmd.argv, status: 'skipped', undo: null });
        continue;
      }
      const nft = nftAddRule(cmd.argv);
      const r = await runTool(run, nft?.argv ?? cmd.argv, signal);
      if (r.exitCode !== 0) {
        const failure = { argv: cmd.argv, message: message(r) };
        done.push({ argv: cmd.argv, status: 'failed', undo: null, message: failure.message });
        const undoFailures = await undoAll(run, done, signal);
        return { ok: false, commands: done, failure, undoFailures };
      }
      done.push({
        argv: cmd.argv,
        status: 'applied',
        undo: nft?.undo(r.stdout) ?? nftUndo(cmd.argv) ?? cmd.undo ?? null,
      });
    } catch (err) {
      const failure = { argv: cmd.argv, message: err instanceof Error ? err.message : String(err) };
      done.push({ argv: cmd.argv, status: 'failed', undo: null, message: failure.message });
      const undoFailures = await undoAll(run, done, signal);
      return { ok: false, commands: done, failure, undoFailures };
    }
  }
  return { ok: true, commands: done, failure: null, undoFailures: [] };
}
