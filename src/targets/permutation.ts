/**
 * A keyed pseudo-random permutation of [0, n) for any n up to 2^64: a balanced Feistel network over the
 * next even power of two, with cycle-walking back into range. Same seed, same order; any index computable
 * alone, so a scan can be resumed or split by index. Not cryptographic: it spreads load, it hides nothing.
 */
import { randomBytes } from 'node:crypto';

/** A `--seed` value; numbers and their decimal text give the same order. */
export type Seed = string | number | bigint;

const ROUNDS = 6;
const MAX_SIZE = 1n << 64n;

// A 32-bit integer finaliser (the "lowbias32" constants): every input bit moves about half the output bits.
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function roundKeys(seed: Seed): Uint32Array {
  // FNV-1a over the seed's text, then one finalised key per round.
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const keys = new Uint32Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) keys[i] = mix(h + Math.imul(i + 1, 0x9e3779b9));
  return keys;
}

/** A fresh random seed, for when the user gives none; print it so the run can be repeated. */
export function randomSeed(): string {
  return randomBytes(8).toString('hex');
}

/** A bijection of [0, size) onto itself, keyed by a seed. */
export class Permutation {
  readonly size: bigint;
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: Uint32Array;

  /** @example new Permutation(10n, 42).at(0n) // some index in 0..9, the same every time for seed 42 */
  constructor(size: bigint, seed: Seed) {
    if (size < 0n || size > MAX_SIZE) throw new RangeError(`permutation size ${size} is outside 0..2^64`);
    this.size = size;
    const bits = size <= 1n ? 0 : (size - 1n).toString(2).length;
    // Both halves equally wide (at least 1 bit): the domain is under 4 × size, so cycle-walking stays short.
    this.halfBits = Math.max(1, Math.ceil(bits / 2));
    this.mask = 2 ** this.halfBits - 1;
    this.keys = roundKeys(seed);
  }

  private encrypt(x: bigint): bigint {
    const h = BigInt(this.halfBits);
    let left = Number(x >> h);
    let right = Number(x & BigInt(this.mask));
    for (const key of this.keys) {
      const next = ((left ^ mix(right ^ key)) & this.mask) >>> 0;
      left = right;
      right = next;
    }
    return (BigInt(left) << h) | BigInt(right);
  }

  /**
   * The value at position `index` (0 ≤ index < size).
   * @example new Permutation(5n, 'lab').at(4n) // one of 0n..4n
   */
  at(index: bigint): bigint {
    if (index < 0n || index >= this.size) throw new RangeError(`index ${index} is outside 0..${this.size - 1n}`);
    if (this.size === 1n) return 0n;
    let x = this.encrypt(index);
    // Cycle-walking: a bijection of the larger domain, followed until it lands in range, is one of [0, size).
    while (x >= this.size) x = this.encrypt(x);
    return x;
  }

  /**
   * Positions `start` to `end` (exclusive) with their values, lazily: resume from a saved index, or run one
   * share of a split scan.
   * @example for (const [i, v] of perm.entries(1000n)) …
   */
  *entries(start = 0n, end: bigint = this.size): Generator<[bigint, bigint]> {
    const stop = end < this.size ? end : this.size;
    for (let i = start < 0n ? 0n : start; i < stop; i++) yield [i, this.at(i)];
  }
}
