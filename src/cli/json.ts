/** JSON on standard output: indented for a person at a terminal, compact when piped to a program. */
import type { CliContext } from './context.js';

export function writeJson(ctx: CliContext, value: unknown): void {
  const indent = ctx.io.stdout.isTTY === true ? 2 : undefined;
  ctx.io.stdout.write(JSON.stringify(value, null, indent) + '\n');
}
