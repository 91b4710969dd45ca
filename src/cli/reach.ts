/** `--reach`: where scanned hosts stand, for the risk (scan and import share it). */
import { usageError } from '../core/errors.js';
import type { Reach } from '../assess/exposure.js';

/** internet, lan or loopback; undefined when not given; anything else is a usage error. */
export function parseReach(value: string | undefined): Reach | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'internet' || v === 'lan' || v === 'loopback') return v;
  throw usageError('USAGE', 'error.badReach', { value });
}
