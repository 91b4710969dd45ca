/** Running nft and iptables-save where they exist; a tool that is missing or refuses becomes a status, never an error. */
import { PortwardenError } from '../../core/errors.js';
import { isAbortError, throwIfAborted } from '../abort.js';
import { createRunner, type CommandRunner } from '../exec.js';
import { assembleRules, toolRead, type ToolOutput } from './assemble.js';
import type { FirewallRules, FirewallTool, ToolRead } from './model.js';

/** How to run the tools. */
export interface FirewallReadOptions {
  /** Runs one program; inject one to read another namespace (`ip netns exec NS …`) or to fake the tools in tests. */
  readonly run?: CommandRunner;
  /** Milliseconds each tool may take with the default runner (default 15 s). */
  readonly timeoutMs?: number;
  /** Bytes of output each tool may print with the default runner (default 64 MiB). */
  readonly maxBuffer?: number;
  /** Aborting rejects the read with an error named 'AbortError'. */
  readonly signal?: AbortSignal;
}

const ARGS: Readonly<Record<FirewallTool, readonly string[]>> = {
  nft: ['-j', 'list', 'ruleset'],
  'iptables-save': [],
  'ip6tables-save': [],
  'iptables-legacy-save': [],
  'ip6tables-legacy-save': [],
};

// Debian keeps these tools in /usr/sbin, which is not on a normal user's PATH: try there before saying "not installed",
// so that a user without root hears "need root" instead.
const DIRS = ['', '/usr/sbin/', '/sbin/'];

const PERMISSION = /permission denied|operation not permitted|must be root/i;
// `ip netns exec` and `env` report a missing program on stderr instead of failing to spawn.
const NOT_FOUND = /exec of "[^"]*" failed: No such file or directory|command not found/;
// iptables-nft warns on stderr when rules also sit in the legacy (x_tables) backend.
const LEGACY_PRESENT = /legacy tables present/;

/** The outcome of running one tool: its output, or the read that says why there is none. */
type ToolResult = { readonly output: ToolOutput; readonly stderr: string } | { readonly read: ToolRead };

function firstLine(text: string): string | null {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  return line === undefined ? null : line.trim().slice(0, 200);
}

async function runTool(tool: FirewallTool, run: CommandRunner, signal?: AbortSignal): Promise<ToolResult> {
  for (const dir of DIRS) {
    try {
      const r = await run(`${dir}${tool}`, ARGS[tool], signal);
      if (r.exitCode === 0) return { output: { tool, stdout: r.stdout }, stderr: r.stderr };
      const message = firstLine(r.stderr) ?? `exit code ${r.exitCode}`;
      if (PERMISSION.test(r.stderr)) return { read: toolRead(tool, 'permission', message) };
      if (NOT_FOUND.test(r.stderr)) continue;
      return { read: toolRead(tool, 'failed', message) };
    } catch (err) {
      if (isAbortError(err) || signal?.aborted === true) throw err;
      const reason = err instanceof PortwardenError ? err.details['reason'] : undefined;
      if (reason === 'tool-missing') continue;
      if (reason === 'timeout') return { read: toolRead(tool, 'timeout') };
      return { read: toolRead(tool, 'failed', err instanceof Error ? err.message : String(err)) };
    }
  }
  return { read: toolRead(tool, 'not-installed') };
}

/**
 * Read the firewall of this machine (or of whatever namespace `run` reaches): `nft -j list ruleset`,
 * `iptables-save` and `ip6tables-save`, plus the legacy savers when iptables-nft says legacy tables exist.
 * Never throws because a tool is missing, refuses (not root), hangs or prints nonsense: each becomes a `ToolRead`
 * status that `firewallVerdict` turns into 'unknown' where it matters. Rejects only when `signal` aborts.
 * @example const rules = await readFirewall({ signal: AbortSignal.timeout(20_000) })
 */
export async function readFirewall(options: FirewallReadOptions = {}): Promise<FirewallRules> {
  const { signal } = options;
  throwIfAborted(signal);
  const run =
    options.run ??
    createRunner({ timeoutMs: options.timeoutMs ?? 15_000, maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024 });
  const first: FirewallTool[] = ['nft', 'iptables-save', 'ip6tables-save'];
  const results = await Promise.all(first.map((tool) => runTool(tool, run, signal)));
  const legacy = results.flatMap((r): FirewallTool[] => {
    if (!('output' in r) || !LEGACY_PRESENT.test(r.stderr + r.output.stdout)) return [];
    return [r.output.tool === 'iptables-save' ? 'iptables-legacy-save' : 'ip6tables-legacy-save'];
  });
  results.push(...(await Promise.all(legacy.map((tool) => runTool(tool, run, signal)))));
  const outputs = results.flatMap((r) => ('output' in r ? [r.output] : []));
  const failed = results.flatMap((r) => ('read' in r ? [r.read] : []));
  const rules = assembleRules(outputs, failed);
  // Report the tools in the order they were run, whatever happened to each.
  const order = results.map((r) => ('output' in r ? r.output.tool : r.read.tool));
  return { ...rules, reads: [...rules.reads].sort((a, b) => order.indexOf(a.tool) - order.indexOf(b.tool)) };
}
