/** Target specs as a lazy, indexable set: count known up front, any index reachable, memory per spec, not per host. */
import { usageError } from '../core/errors.js';
import {
  addressValue,
  formatAddress,
  intervalBlock,
  parseTargetWord,
  prefixBlock,
  type Block,
  type Family,
} from './address-space.js';

/** The addresses to scan, in spec order, excludes removed. Nothing is materialised. */
export interface TargetSet {
  /** How many addresses, exactly (excluded ones not counted). */
  readonly count: bigint;
  /** The address of index `i` (0 ≤ i < count), as canonical text; O(log specs + log excludes). */
  at(index: bigint): string;
  [Symbol.iterator](): Iterator<string>;
}

export interface TargetOptions {
  /** Words to leave out (`--exclude`, `--exclude-file`), in the same syntax as targets. */
  readonly excludes?: readonly string[];
  /** Host names already resolved (lower case, no trailing dot) → their addresses; see `resolveTargets`. */
  readonly resolved?: ReadonlyMap<string, readonly string[]>;
}

/** Excludes expanded beyond this many separate intervals are refused (nmap octet ranges multiply fast). */
const MAX_EXCLUDE_INTERVALS = 1 << 20;

/** One include block with the ranks its excludes remove: sorted, disjoint [first, last] rank intervals. */
interface Piece {
  readonly block: Block;
  /** Index in the set of the piece's first remaining address. */
  readonly start: bigint;
  readonly count: bigint;
  readonly gaps: readonly (readonly [bigint, bigint])[];
  /** keptBefore[j]: how many ranks are kept before gaps[j] starts. */
  readonly keptBefore: readonly bigint[];
}

/** Every word of the specs (a spec may hold several, separated by white space). */
export function targetWords(specs: readonly string[]): string[] {
  return specs.flatMap((s) => s.trim().split(/\s+/)).filter((w) => w !== '');
}

function blocksOf(words: readonly string[], resolved: ReadonlyMap<string, readonly string[]>): Block[] {
  const out: Block[] = [];
  for (const word of words) {
    const parsed = parseTargetWord(word);
    if (parsed.kind === 'block') {
      out.push(parsed.block);
      continue;
    }
    const addresses = resolved.get(parsed.name);
    if (addresses === undefined || addresses.length === 0) {
      throw usageError('BAD_TARGET', 'targets.unresolved', { name: parsed.name });
    }
    for (const text of addresses) {
      const pct = text.indexOf('%');
      const a = addressValue(pct < 0 ? text : text.slice(0, pct));
      if (a === null) throw usageError('BAD_TARGET', 'targets.unresolved', { name: parsed.name });
      if (parsed.prefix !== null) out.push(prefixBlock(a.family, a.value, String(parsed.prefix), parsed.token));
      else out.push(intervalBlock(a.family, a.value, a.value, parsed.token, pct < 0 ? null : text.slice(pct + 1)));
    }
  }
  return out;
}

/** Union of the exclude blocks of one family as sorted, disjoint, non-adjacent intervals. */
function mergedIntervals(blocks: readonly Block[], family: Family): [bigint, bigint][] {
  const all: [bigint, bigint][] = [];
  for (const b of blocks) {
    if (b.family !== family) continue;
    const iv = b.intervals(MAX_EXCLUDE_INTERVALS - all.length);
    if (iv === null) throw usageError('BAD_TARGET', 'targets.tooComplexExclude', { token: b.token });
    all.push(...iv);
  }
  all.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

/** The block's ranks that fall in the excluded intervals, as rank intervals. */
function gapsOf(block: Block, excluded: readonly [bigint, bigint][]): [bigint, bigint][] {
  if (excluded.length === 0) return [];
  const first = block.valueAt(0n);
  const last = block.valueAt(block.size - 1n);
  // Skip the excluded intervals that end before the block starts.
  let lo = 0;
  let hi = excluded.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((excluded[mid] as [bigint, bigint])[1] < first) lo = mid + 1;
    else hi = mid;
  }
  const gaps: [bigint, bigint][] = [];
  for (let j = lo; j < excluded.length; j++) {
    const [a, b] = excluded[j] as [bigint, bigint];
    if (a > last) break;
    const from = block.countUpTo(a - 1n);
    const to = block.countUpTo(b) - 1n;
    if (to >= from) gaps.push([from, to]);
  }
  return gaps;
}

function makePiece(block: Block, start: bigint, excluded: readonly [bigint, bigint][]): Piece {
  const gaps = gapsOf(block, excluded);
  const keptBefore: bigint[] = [];
  let removed = 0n;
  for (const [a, b] of gaps) {
    keptBefore.push(a - removed);
    removed += b - a + 1n;
  }
  return { block, start, count: block.size - removed, gaps, keptBefore };
}

/** The rank of the k-th address of a piece that is not excluded. */
function rankOf(piece: Piece, k: bigint): bigint {
  // The last gap with at most k kept ranks before it; the answer lies after it.
  let lo = 0;
  let hi = piece.gaps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((piece.keptBefore[mid] as bigint) <= k) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return k;
  const gap = piece.gaps[lo - 1] as readonly [bigint, bigint];
  return gap[1] + 1n + (k - (piece.keptBefore[lo - 1] as bigint));
}

function text(block: Block, rank: bigint): string {
  const address = formatAddress(block.family, block.valueAt(rank));
  return block.scope === null ? address : `${address}%${block.scope}`;
}

/**
 * Build the target set from words already free of unresolved names (use `resolveTargets` when specs may
 * hold host names). Duplicates between specs are kept, as nmap does; excludes match by address, any zone.
 * @example parseTargets(['203.0.113.0/30'], { excludes: ['203.0.113.1'] }).count // 3n
 */
export function parseTargets(specs: readonly string[], options: TargetOptions = {}): TargetSet {
  const words = targetWords(specs);
  if (words.length === 0) throw usageError('BAD_TARGET', 'targets.emptyTargets');
  const resolved = options.resolved ?? new Map<string, readonly string[]>();
  const includes = blocksOf(words, resolved);
  const excludeBlocks = blocksOf(targetWords(options.excludes ?? []), resolved);
  const excluded = { 4: mergedIntervals(excludeBlocks, 4), 6: mergedIntervals(excludeBlocks, 6) };
  const pieces: Piece[] = [];
  let total = 0n;
  for (const block of includes) {
    const piece = makePiece(block, total, excluded[block.family]);
    if (piece.count === 0n) continue;
    pieces.push(piece);
    total += piece.count;
  }
  if (total === 0n) throw usageError('BAD_TARGET', 'targets.allExcluded');
  const count = total;
  return {
    count,
    at(index: bigint): string {
      if (index < 0n || index >= count) throw new RangeError(`target index ${index} is outside 0..${count - 1n}`);
      let lo = 0;
      let hi = pieces.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((pieces[mid] as Piece).start <= index) lo = mid;
        else hi = mid - 1;
      }
      const piece = pieces[lo] as Piece;
      return text(piece.block, rankOf(piece, index - piece.start));
    },
    *[Symbol.iterator](): Iterator<string> {
      for (const piece of pieces) {
        let g = 0;
        for (let r = 0n; r < piece.block.size; r++) {
          const gap = piece.gaps[g];
          if (gap !== undefined && r === gap[0]) {
            r = gap[1];
            g++;
            continue;
          }
          yield text(piece.block, r);
        }
      }
    },
  };
}
