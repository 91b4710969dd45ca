import { describe, expect, it } from 'vitest';
import { Permutation, randomSeed } from './permutation.js';

const values = (p: Permutation): bigint[] => [...p.entries()].map(([, v]) => v);

describe('Permutation', () => {
  it.each([0, 1, 2, 3, 5, 16, 17, 100, 255, 256, 257, 1000, 4097])('is a bijection of [0, %i)', (n) => {
    const p = new Permutation(BigInt(n), 'seed-a');
    const seen = new Set(values(p));
    expect(seen.size).toBe(n);
    for (const v of seen) expect(v >= 0n && v < BigInt(n)).toBe(true);
  });

  it('is deterministic per seed, and numbers equal their text', () => {
    expect(values(new Permutation(500n, 42))).toEqual(values(new Permutation(500n, '42')));
    expect(values(new Permutation(500n, 42n))).toEqual(values(new Permutation(500n, 42)));
  });

  it('differs across seeds', () => {
    const a = values(new Permutation(1000n, 'seed-a'));
    const b = values(new Permutation(1000n, 'seed-b'));
    const c = values(new Permutation(1000n, 1));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    const same = a.filter((v, i) => v === b[i]).length;
    expect(same).toBeLessThan(20);
  });

  it('is not the identity and spreads consecutive indexes', () => {
    for (const n of [256n, 1000n, 65_536n]) {
      const p = new Permutation(n, 'spread');
      let adjacent = 0;
      let fixed = 0;
      const samples = 1000n < n ? 1000n : n;
      for (let i = 0n; i + 1n < samples; i++) {
        const d = p.at(i + 1n) - p.at(i);
        if (d === 1n || d === -1n) adjacent++;
        if (p.at(i) === i) fixed++;
      }
      expect(adjacent).toBeLessThan(Number(samples) / 20);
      expect(fixed).toBeLessThan(Number(samples) / 20);
    }
  });

  it('handles sizes up to 2^64 with any index computed alone', () => {
    const n = 1n << 64n;
    const p = new Permutation(n, 'big');
    const seen = new Set<bigint>();
    for (const i of [0n, 1n, 2n, n / 2n, n - 2n, n - 1n]) {
      const v = p.at(i);
      expect(v >= 0n && v < n).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
    expect(new Permutation(n - 1n, 'odd').at(12_345n) < n - 1n).toBe(true);
    expect(() => new Permutation(n + 1n, 'x')).toThrow(RangeError);
    expect(() => p.at(n)).toThrow(RangeError);
  });

  it('resumes from an index with the same values', () => {
    const p = new Permutation(300n, 'resume');
    const all = [...p.entries()];
    expect([...p.entries(120n)]).toEqual(all.slice(120));
    expect([...p.entries(10n, 20n)]).toEqual(all.slice(10, 20));
    expect([...p.entries(290n, 1000n)]).toHaveLength(10);
  });

  it('makes random seeds', () => {
    expect(randomSeed()).toMatch(/^[0-9a-f]{16}$/);
    expect(randomSeed()).not.toBe(randomSeed());
  });
});
