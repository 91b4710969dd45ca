/** Choosing the checks a scan runs, deciding which apply to a port, and running one safely. */
import { usageError, PortwardenError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { CheckCompleted } from '../core/scan.js';
import type { Check, CheckContext, CheckOutcome, CheckTarget } from './types.js';

/** What the user asked for: `--checks default|all|id,…` and `--intrusive`. */
export interface CheckSelection {
  readonly checks: 'default' | 'all' | 'none' | readonly string[];
  readonly intrusive: boolean;
}

const DEFAULT_CATEGORIES = new Set(['safe', 'discovery']);

/** Whether a check acts on the network beyond looking (logins with guesses, writes, relays, transfers). */
export function isIntrusive(check: Check): boolean {
  return check.categories.includes('intrusive');
}

/**
 * The checks to run. `default`: those tagged safe or discovery and not intrusive. `all`: every check. A list: those
 * ids (a category name in the list selects its checks). Intrusive checks are selected only with `intrusive`, and
 * naming one without it is a usage error rather than a silent skip.
 */
export function selectChecks(all: readonly Check[], selection: CheckSelection): Check[] {
  const { checks, intrusive } = selection;
  if (checks === 'none') return [];
  if (checks === 'default') {
    return all.filter((c) => !isIntrusive(c) && c.categories.some((k) => DEFAULT_CATEGORIES.has(k)));
  }
  if (checks === 'all') return all.filter((c) => intrusive || !isIntrusive(c));
  const chosen = new Map<string, Check>();
  for (const name of checks) {
    const byCategory = all.filter((c) => (c.categories as readonly string[]).includes(name));
    const byId = all.find((c) => c.id === name);
    if (byId === undefined && byCategory.length === 0) {
      throw usageError('USAGE', 'error.unknownCheck', { name });
    }
    if (byId !== undefined) {
      if (isIntrusive(byId) && !intrusive) throw usageError('USAGE', 'error.intrusiveCheck', { name });
      chosen.set(byId.id, byId);
    }
    for (const c of byCategory) if (intrusive || !isIntrusive(c)) chosen.set(c.id, c);
  }
  return all.filter((c) => chosen.has(c.id));
}

/** Whether a check runs on a port: its port list, its service names, or TLS. */
export function appliesTo(check: Check, target: CheckTarget): boolean {
  const rule = check.applies;
  if (rule.transport !== target.transport) return false;
  if (rule.ports?.includes(target.port) === true) return true;
  const service = target.service;
  if (service === null) return false;
  if (rule.services?.includes(service.service) === true && service.confidence > 3) return true;
  return rule.tls === true && service.tls;
}

/** A check's whole run may take at most this long, whatever it does inside. */
export const CHECK_DEADLINE_MS = 60_000;

function message(err: unknown): string {
  if (err instanceof PortwardenError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Run one check: never throws, never outlives its deadline; what went wrong becomes an `error` outcome. */
export async function runCheck(check: Check, ctx: CheckContext, deadlineMs = CHECK_DEADLINE_MS): Promise<CheckOutcome> {
  const controller = new AbortController();
  const onAbort = (): void => {
    controller.abort();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ status: 'error', error: `did not finish within ${deadlineMs} ms` });
    }, deadlineMs);
  });
  try {
    return await Promise.race([check.run({ ...ctx, signal: controller.signal }), deadline]);
  } catch (err) {
    return { status: 'error', error: message(err) };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** A check's outcome as the event the pipeline streams, with findings in the shared Finding model. */
export function checkEvent(
  check: Check,
  target: CheckTarget,
  outcome: CheckOutcome,
  durationMs: number,
): CheckCompleted {
  const base = {
    type: 'check' as const,
    host: target.host,
    transport: target.transport,
    port: target.port,
    check: check.id,
    durationMs: Math.round(durationMs),
  };
  if (outcome.status === 'error')
    return { ...base, status: 'error', message: outcome.error, evidence: {}, findings: [] };
  if (outcome.status === 'not-applicable') {
    return { ...base, status: 'not-applicable', message: outcome.reason, evidence: {}, findings: [] };
  }
  const findings: Finding[] = outcome.findings.map((f) => ({
    id: `${check.id}:${target.host}:${target.transport}/${target.port}${f.key === '' ? '' : `:${f.key}`}`,
    rule: check.id,
    severity: f.severity,
    target: { host: target.host, transport: target.transport, port: target.port, address: null },
    title: f.title,
    detail: f.detail,
    action: f.action,
    evidence: f.evidence,
  }));
  return {
    ...base,
    status: 'ok',
    evidence: outcome.evidence,
    findings,
    ...(outcome.service !== undefined && { service: outcome.service }),
  };
}
