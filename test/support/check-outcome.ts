// The check tests' common assertion: an outcome that must be `ok`, narrowed so its evidence and findings can be read.
import type { CheckOutcome } from '../../src/checks/types.js';

export function ok(outcome: CheckOutcome): Extract<CheckOutcome, { status: 'ok' }> {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome;
}
