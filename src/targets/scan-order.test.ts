import { describe, expect, it } from 'vitest';
import { parsePortSpec } from './ports.js';
import { scanOrder, shardRange } from './scan-order.js';
import { parseTargets } from './targets.js';

describe('scanOrder', () => {
  const targets = parseTargets(['203.0.113.0/28', '198.51.100.7']);
  const ports = [22, 80, 443, 8080];

  it('visits every (host, port) pair exactly once', () => {
    const order = scanOrder(targets, ports, 'lab');
    expect(order.total).toBe(17n * 4n);
    const pairs = [...order].map((p) => `${p.host}:${p.port}`);
    expect(new Set(pairs).size).toBe(68);
    const expected = [...targets].flatMap((h) => ports.map((p) => `${h}:${p}`));
    expect([...pairs].sort()).toEqual([...expected].sort());
  });

  it('numbers pairs by position, reproducibly per seed', () => {
    const a = [...scanOrder(targets, ports, 7)];
    expect(a.map((p) => p.index)).toEqual(a.map((_, i) => BigInt(i)));
    expect([...scanOrder(targets, ports, 7)]).toEqual(a);
    expect([...scanOrder(targets, ports, 8)]).not.toEqual(a);
    expect(scanOrder(targets, ports, 7).at(30n)).toEqual(a[30]);
  });

  it('does not hit one host port after port', () => {
    const order = [...scanOrder(targets, ports, 'spread')];
    let sameHost = 0;
    for (let i = 1; i < order.length; i++) if (order[i]?.host === order[i - 1]?.host) sameHost++;
    expect(sameHost).toBeLessThan(order.length / 4);
  });

  it('resumes and splits by index', () => {
    const order = scanOrder(targets, ports, 'split');
    const all = [...order];
    expect([...order.range(50n)]).toEqual(all.slice(50));
    const shards = [0, 1, 2].map((s) => [...order.range(...shardRange(order.total, 3, s))]);
    expect(shards.flat()).toEqual(all);
  });

  it('starts at once on a /8 with every port', () => {
    const big = scanOrder(parseTargets(['10.0.0.0/8']), parsePortSpec('-').tcp, 'big');
    expect(big.total).toBe(16_777_216n * 65_535n);
    const first = big.range(0n, 1n)[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(big.at(0n).host).toMatch(/^10\./);
    const last = big.at(big.total - 1n);
    expect(last.port >= 1 && last.port <= 65535).toBe(true);
  });

  it('splits any total into near-equal shares', () => {
    expect(shardRange(10n, 3, 0)).toEqual([0n, 4n]);
    expect(shardRange(10n, 3, 1)).toEqual([4n, 7n]);
    expect(shardRange(10n, 3, 2)).toEqual([7n, 10n]);
    expect(() => shardRange(10n, 3, 3)).toThrow(RangeError);
  });
});
