/** Host names in target specs, resolved once each before the target set is built. */
import { promises as dns } from 'node:dns';
import { usageError } from '../core/errors.js';
import { parseTargetWord } from './address-space.js';
import { parseTargets, targetWords, type TargetSet } from './targets.js';

/** One address as `dns.lookup(name, { all: true })` returns it. */
export interface LookupAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to its addresses; injectable so tests never query DNS. */
export type Lookup = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface ResolveOptions {
  /** Every address of a name (nmap's `--resolve-all`), or only the first the resolver returns. */
  readonly allAddresses: boolean;
  readonly excludes?: readonly string[];
  readonly lookup?: Lookup;
  readonly signal?: AbortSignal;
}

// verbatim: the order the system resolver chose (RFC 6724), so "the first address" is the one a client would use.
const systemLookup: Lookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * The host names among target and exclude words, each resolved once; the result maps the name (lower case)
 * to the addresses to use. A name that does not resolve is a usage error naming it.
 * @example await resolveNames(['lab-host.test', '203.0.113.9'], { allAddresses: false })
 */
export async function resolveNames(
  words: readonly string[],
  options: ResolveOptions,
): Promise<Map<string, readonly string[]>> {
  const names = new Set<string>();
  for (const word of words) {
    const parsed = parseTargetWord(word);
    if (parsed.kind === 'name') names.add(parsed.name);
  }
  const lookup = options.lookup ?? systemLookup;
  const resolved = new Map<string, readonly string[]>();
  await Promise.all(
    [...names].map(async (name) => {
      options.signal?.throwIfAborted();
      let found: readonly LookupAddress[];
      try {
        found = await lookup(name);
      } catch {
        throw usageError('BAD_TARGET', 'targets.unresolved', { name });
      }
      const addresses = [...new Set(found.map((a) => a.address))];
      if (addresses.length === 0) throw usageError('BAD_TARGET', 'targets.unresolved', { name });
      resolved.set(name, options.allAddresses ? addresses : addresses.slice(0, 1));
    }),
  );
  options.signal?.throwIfAborted();
  return resolved;
}

/**
 * Parse target specs that may name hosts: resolve every name once, then build the lazy target set.
 * @example await resolveTargets(['lab-host.test', '198.51.100.0/24'], { allAddresses: true, excludes: ['198.51.100.1'] })
 */
export async function resolveTargets(specs: readonly string[], options: ResolveOptions): Promise<TargetSet> {
  const excludes = options.excludes ?? [];
  const words = [...targetWords(specs), ...targetWords(excludes)];
  // Syntax errors surface before any lookup, so a typo never costs a DNS query.
  const resolved = await resolveNames(words, options);
  return parseTargets(specs, { excludes, resolved });
}
