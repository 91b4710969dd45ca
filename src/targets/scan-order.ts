/** The order of a scan: every (host, port) pair once, in a keyed random order over host × port index space. */
import { Permutation, type Seed } from './permutation.js';
import type { TargetSet } from './targets.js';

/** One probe to send; `index` is its position in the order, what a resume or a split refers to. */
export interface ScanPair {
  readonly index: bigint;
  readonly host: string;
  readonly port: number;
}

/** The permuted pairs of one scan. */
export interface ScanOrder extends Iterable<ScanPair> {
  /** Number of pairs: hosts × ports. */
  readonly total: bigint;
  /** The pair at position `index`. */
  at(index: bigint): ScanPair;
  /** Pairs from `start` (inclusive) to `end` (exclusive), lazily. */
  range(start: bigint, end?: bigint): Iterable<ScanPair>;
}

/**
 * Pairs of hosts and ports in a keyed pseudo-random order, so one host is not hit port after port and
 * nearby addresses are not swept in sequence. The same seed gives the same order; `range` resumes or splits.
 * @example for (const { index, host, port } of scanOrder(targets, [22, 80, 443], 'seed-1')) …
 */
export function scanOrder(targets: TargetSet, ports: readonly number[], seed: Seed): ScanOrder {
  const portCount = BigInt(ports.length);
  const total = targets.count * portCount;
  const perm = new Permutation(total, seed);
  const pairAt = (index: bigint): ScanPair => {
    const v = perm.at(index);
    return { index, host: targets.at(v / portCount), port: ports[Number(v % portCount)] as number };
  };
  function* between(start: bigint, end: bigint): Generator<ScanPair> {
    const stop = end < total ? end : total;
    for (let i = start < 0n ? 0n : start; i < stop; i++) yield pairAt(i);
  }
  return {
    total,
    at: (index) => pairAt(index),
    range: (start, end = total) => between(start, end),
    [Symbol.iterator]: () => between(0n, total),
  };
}

/**
 * The index range [start, end) of share `shard` (0-based) out of `shards` equal shares of `total`.
 * @example shardRange(10n, 3, 0) // [0n, 4n]
 */
export function shardRange(total: bigint, shards: number, shard: number): [bigint, bigint] {
  if (!Number.isInteger(shards) || shards < 1 || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
    throw new RangeError(`shard ${shard} of ${shards} is not valid`);
  }
  const n = BigInt(shards);
  const s = BigInt(shard);
  const size = total / n;
  const extra = total % n;
  const start = s * size + (s < extra ? s : extra);
  return [start, start + size + (s < extra ? 1n : 0n)];
}
