// Deterministic pseudo-random bytes for fuzzing parsers, so a failing case can be replayed from its seed.

/** `length` bytes from xorshift32 seeded with `seed`. */
export function noise(seed: number, length: number): Uint8Array {
  let x = seed || 1;
  return Uint8Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
}
