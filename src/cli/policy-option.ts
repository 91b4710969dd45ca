/**
 * `--policy FILE` of `audit` and `scan`: the file is read before any work starts (a bad file costs nothing but
 * one sentence and exit code 2); once results are known the run is held against it, and the verdict is shown
 * after the report, or added to the JSON.
 */
import type { RunRecord } from '../core/run.js';
import type { Policy, PolicyEvaluation } from '../assess/policy.js';
import type { CliContext } from './context.js';

/** The policy a `--policy` flag names, or null without the flag. */
export async function policyOption(file: string | undefined): Promise<Policy | null> {
  if (file === undefined) return null;
  const { loadPolicy } = await import('../assess/policy-source.js');
  return loadPolicy(file);
}

/** Hold the run against the policy (null: no policy, no verdict). */
export async function judge(policy: Policy | null, run: () => RunRecord): Promise<PolicyEvaluation | null> {
  if (policy === null) return null;
  const { evaluatePolicy } = await import('../assess/policy.js');
  return evaluatePolicy(policy, run());
}

/** The verdict after a text report. */
export async function printVerdict(ctx: CliContext, verdict: PolicyEvaluation | null): Promise<void> {
  if (verdict === null) return;
  const { renderPolicyText } = await import('../report/policy-text.js');
  ctx.io.stdout.write('\n' + renderPolicyText(verdict, ctx));
}

/**
 * The verdict as JSON Lines for `scan --json`: one `policy-violation` line per violation, then one `policy`
 * line with the totals and the ignore entries that expired.
 */
export function verdictLines(verdict: PolicyEvaluation): unknown[] {
  const { violations, ...rest } = verdict;
  return [
    ...violations.map((v) => ({ type: 'policy-violation', ...v })),
    { type: 'policy', ...rest, violations: violations.length },
  ];
}
