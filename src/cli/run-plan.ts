/**
 * The remediation plan of a run as `portwarden fix` and the HTML report make it: on this machine's own audit the
 * owners of its ports are looked up (systemd units, sockets, inetd, containers) so the service commands name them;
 * the SSH guard keeps the session portwarden runs in.
 */
import type { Severity } from '../core/finding.js';
import type { RunRecord } from '../core/run.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import type { FixPlan, Platform } from '../remediate/types.js';

export interface RunPlanOptions {
  readonly platform: Platform;
  readonly allowFrom: readonly string[];
  readonly threshold: Severity;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly index: KnowledgeIndex;
  /** Apply the SSH guard of SSH_CONNECTION (fix does; a report of other hosts' scan does not). */
  readonly sshGuard: boolean;
}

/**
 * The plan, and whether the run is an audit of this machine (only such a plan may be applied here).
 * @example const { plan } = await planOfRun(run, { platform: 'nftables', allowFrom: [], threshold: 'medium', … })
 */
export async function planOfRun(
  run: RunRecord,
  o: RunPlanOptions,
): Promise<{ readonly plan: FixPlan; readonly thisMachine: boolean }> {
  const [{ buildPlan }, { parseSshConnection }, { resolveOwners }, { hostName }, { createRunner }] = await Promise.all([
    import('../remediate/plan.js'),
    import('../remediate/ssh-guard.js'),
    import('../remediate/service.js'),
    import('../pipeline/host.js'),
    import('../inventory/exec.js'),
  ]);
  const thisMachine = run.kind === 'audit' && run.hosts.length === 1 && run.hosts[0]?.host === hostName();
  const holders =
    thisMachine && process.platform === 'linux'
      ? run.hosts.flatMap((h) => h.ports.flatMap((p) => p.processes.map((holder) => ({ port: p.port, holder }))))
      : [];
  const owners = await resolveOwners(holders, createRunner({ timeoutMs: 20_000 }));
  const ssh = o.sshGuard ? parseSshConnection(o.env['SSH_CONNECTION']) : null;
  const plan = buildPlan(
    run,
    { platform: o.platform, allowFrom: o.allowFrom, threshold: o.threshold, ssh },
    { index: o.index, owners },
  );
  return { plan, thisMachine };
}
