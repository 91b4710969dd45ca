import { describe, expect, it } from 'vitest';
import { isUsageError } from '../core/errors.js';
import { parseTargetWord } from './address-space.js';
import { parseTargets, type TargetSet } from './targets.js';

const list = (set: TargetSet): string[] => [...set];

/** Every index through `at` equals the iteration order, and the count is exact. */
function expectConsistent(set: TargetSet): string[] {
  const all = list(set);
  expect(BigInt(all.length)).toBe(set.count);
  all.forEach((address, i) => {
    expect(set.at(BigInt(i))).toBe(address);
  });
  return all;
}

function keyOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (!isUsageError(err)) throw err;
    expect(err.code).toBe('BAD_TARGET');
    expect(err.message).not.toContain('\n');
    return err.details['key'];
  }
  throw new Error('expected a usage error');
}

describe('parseTargets: addresses and networks', () => {
  it('reads IPv4 and IPv6 addresses, IPv6 in canonical text', () => {
    expect(expectConsistent(parseTargets(['203.0.113.7', '2001:DB8:203:0:0:0:0:1', '[::1]', '127.0.0.1']))).toEqual([
      '203.0.113.7',
      '2001:db8:203::1',
      '::1',
      '127.0.0.1',
    ]);
  });

  it('accepts brackets around IPv6, with or without a prefix', () => {
    expect(list(parseTargets(['[2001:db8:203::8]/127']))).toEqual(['2001:db8:203::8', '2001:db8:203::9']);
  });

  it('keeps an IPv6 zone', () => {
    expect(list(parseTargets(['2001:db8:203::1%eth0']))).toEqual(['2001:db8:203::1%eth0']);
  });

  it('expands IPv4 CIDR with network and broadcast addresses, as nmap does', () => {
    expect(expectConsistent(parseTargets(['203.0.113.4/30']))).toEqual([
      '203.0.113.4',
      '203.0.113.5',
      '203.0.113.6',
      '203.0.113.7',
    ]);
    expect(list(parseTargets(['203.0.113.9/31']))).toEqual(['203.0.113.8', '203.0.113.9']);
    expect(list(parseTargets(['203.0.113.9/32']))).toEqual(['203.0.113.9']);
    expect(parseTargets(['10.0.0.0/8']).count).toBe(16_777_216n);
  });

  it('expands IPv6 CIDR and counts huge networks exactly', () => {
    expect(expectConsistent(parseTargets(['2001:db8:203::/126']))).toEqual([
      '2001:db8:203::',
      '2001:db8:203::1',
      '2001:db8:203::2',
      '2001:db8:203::3',
    ]);
    const big = parseTargets(['2001:db8:203::/64']);
    expect(big.count).toBe(2n ** 64n);
    expect(big.at(2n ** 64n - 1n)).toBe('2001:db8:203:0:ffff:ffff:ffff:ffff');
  });

  it('reads ranges in the last octet, full ranges and nmap octet ranges', () => {
    expect(expectConsistent(parseTargets(['203.0.113.1-3']))).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    expect(expectConsistent(parseTargets(['10.0.0.254-10.0.1.1']))).toEqual([
      '10.0.0.254',
      '10.0.0.255',
      '10.0.1.0',
      '10.0.1.1',
    ]);
    expect(parseTargets(['10.0.0.1-10.0.1.5']).count).toBe(261n);
    const octets = parseTargets(['10.0.1-3.1-20']);
    expect(octets.count).toBe(60n);
    const all = expectConsistent(octets);
    expect(all[0]).toBe('10.0.1.1');
    expect(all[20]).toBe('10.0.2.1');
    expect(all[59]).toBe('10.0.3.20');
    expect(list(parseTargets(['198.51.100.1,5,3']))).toEqual(['198.51.100.1', '198.51.100.3', '198.51.100.5']);
    expect(parseTargets(['10.0.*.1']).count).toBe(256n);
    expect(parseTargets(['198.51.100.250-']).count).toBe(6n);
    expect(list(parseTargets(['10.0.1-2.5']))).toEqual(['10.0.1.5', '10.0.2.5']);
    expect(list(parseTargets(['2001:db8:203::fe-2001:db8:203::101']))).toHaveLength(4);
  });

  it('keeps spec order and duplicates, splitting words on white space', () => {
    expect(list(parseTargets(['203.0.113.2 203.0.113.1', '203.0.113.2']))).toEqual([
      '203.0.113.2',
      '203.0.113.1',
      '203.0.113.2',
    ]);
  });

  it('starts at once on a /8 and reaches any index without listing', () => {
    const set = parseTargets(['10.0.0.0/8']);
    const it = set[Symbol.iterator]();
    expect(it.next().value).toBe('10.0.0.0');
    expect(set.at(16_777_215n)).toBe('10.255.255.255');
    expect(set.at(65_536n)).toBe('10.1.0.0');
    expect(() => set.at(16_777_216n)).toThrow(RangeError);
    expect(() => set.at(-1n)).toThrow(RangeError);
  });
});

describe('parseTargets: excludes', () => {
  it('removes single addresses and keeps the count exact', () => {
    const set = parseTargets(['203.0.113.0/29'], { excludes: ['203.0.113.0', '203.0.113.7', '203.0.113.3'] });
    expect(set.count).toBe(5n);
    expect(expectConsistent(set)).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.4', '203.0.113.5', '203.0.113.6']);
  });

  it('subtracts overlapping networks and ranges', () => {
    const set = parseTargets(['10.0.0.0/8'], {
      excludes: ['10.1.0.0/16', '10.1.2.0/24', '10.200.0.0-10.200.0.9', '198.51.100.0/24', '2001:db8:203::/64'],
    });
    expect(set.count).toBe(16_777_216n - 65_536n - 10n);
    expect(set.at(65_535n)).toBe('10.0.255.255');
    expect(set.at(65_536n)).toBe('10.2.0.0');
  });

  it('removes excludes from octet ranges', () => {
    const set = parseTargets(['10.0.1-3.1-20'], { excludes: ['10.0.2.0/24', '10.0.3.5'] });
    expect(set.count).toBe(39n);
    const all = expectConsistent(set);
    expect(all).not.toContain('10.0.2.1');
    expect(all).not.toContain('10.0.3.5');
    expect(all[20]).toBe('10.0.3.1');
  });

  it('accepts octet-range excludes', () => {
    const set = parseTargets(['198.51.100.0/24'], { excludes: ['198.51.100.0,255', '198.51.100.10-19'] });
    expect(set.count).toBe(244n);
    expectConsistent(set);
  });

  it('subtracts from huge IPv6 networks with bigint counts', () => {
    const set = parseTargets(['2001:db8:203::/64'], { excludes: ['2001:db8:203::/65', '2001:db8:203:0:ffff::1'] });
    expect(set.count).toBe(2n ** 63n - 1n);
    expect(set.at(0n)).toBe('2001:db8:203:0:8000::');
  });

  it('matches zoned addresses by address and drops emptied specs', () => {
    expect(list(parseTargets(['2001:db8:203::1%eth0', '127.0.0.1'], { excludes: ['2001:db8:203::1'] }))).toEqual([
      '127.0.0.1',
    ]);
  });

  it('expands octet-range excludes into intervals, within a limit', () => {
    const evens = Array.from({ length: 21 }, (_, i) => 2 * i).join(','); // 65,536 × 21 separate addresses
    const set = parseTargets(['10.0.0.0/16'], { excludes: ['10.0.0-255.1'] });
    expect(set.count).toBe(65_536n - 256n);
    expect(set.at(1n)).toBe('10.0.0.2');
    expect(keyOf(() => parseTargets(['10.0.0.0/8'], { excludes: [`10.*.*.${evens}`] }))).toBe(
      'targets.tooComplexExclude',
    );
    expect(keyOf(() => parseTargets(['10.0.0.0/8'], { excludes: ['10.*.*.*'] }))).toBe('targets.allExcluded');
  });

  it('refuses a set with nothing left', () => {
    expect(keyOf(() => parseTargets(['203.0.113.1'], { excludes: ['203.0.113.0/24'] }))).toBe('targets.allExcluded');
  });
});

describe('parseTargets: bad specs get one clear sentence', () => {
  it.each([
    ['300.1.1.1', 'targets.badOctet'],
    ['10.0.0', 'targets.badOctet'],
    ['203.0.113.1.5', 'targets.badOctet'],
    ['12345', 'targets.badOctet'],
    ['10.0.0.0/33', 'targets.badPrefix'],
    ['10.0.0.0/', 'targets.badPrefix'],
    ['2001:db8:203::/129', 'targets.badPrefix'],
    ['203.0.113.20-10', 'targets.badRange'],
    ['203.0.113.9-203.0.113.1', 'targets.badRange'],
    ['2001:db8:203::9-2001:db8:203::1', 'targets.badRange'],
    ['2001:db8:203::1-203.0.113.1', 'targets.badRange'],
    ['203.0.113.1-300.0.0.1', 'targets.badOctet'],
    ['2001:db8:203:::1', 'targets.badAddress'],
    ['2001:db8:203::1%eth0/64', 'targets.badScope'],
    ['bad!name.test', 'targets.badAddress'],
    ['-bad-.test', 'targets.badAddress'],
    ['*', 'targets.badAddress'],
  ])('%j → %s', (spec, key) => {
    expect(keyOf(() => parseTargets([spec]))).toBe(key);
  });

  it('refuses empty specs and unresolved names', () => {
    expect(keyOf(() => parseTargets([]))).toBe('targets.emptyTargets');
    expect(keyOf(() => parseTargets(['  ']))).toBe('targets.emptyTargets');
    expect(keyOf(() => parseTargets(['lab-host.test']))).toBe('targets.unresolved');
  });

  it('tells host names from addresses', () => {
    expect(parseTargetWord('Lab-Host.test.')).toMatchObject({ kind: 'name', name: 'lab-host.test', prefix: null });
    expect(parseTargetWord('lab-host.test/24')).toMatchObject({ kind: 'name', prefix: 24 });
    expect(parseTargetWord('203.0.113.1')).toMatchObject({ kind: 'block' });
  });
});

describe('parseTargets: agrees with a naive model', () => {
  // A small deterministic generator, so a failure reproduces.
  let state = 12345;
  const rnd = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };

  /** A random word over 10.0.0-3.x (parsed only, never contacted), with its addresses as [c, d] pairs. */
  function randomWord(): [string, [number, number][]] {
    const out: [number, number][] = [];
    switch (rnd(4)) {
      case 0: {
        const c = rnd(4);
        const d = rnd(256);
        return [`10.0.${c}.${d}`, [[c, d]]];
      }
      case 1: {
        const c = rnd(4);
        const a = rnd(256);
        const b = a + rnd(256 - a);
        for (let d = a; d <= b; d++) out.push([c, d]);
        return [rnd(2) === 0 ? `10.0.${c}.${a}-${b}` : `10.0.${c}.${a}-10.0.${c}.${b}`, out];
      }
      case 2: {
        const prefix = 22 + rnd(11);
        const c = rnd(4);
        const d = rnd(256);
        const size = 2 ** (32 - prefix);
        const first = Math.floor((c * 256 + d) / size) * size;
        for (let v = first; v < first + size; v++) out.push([v >> 8, v & 255]);
        return [`10.0.${c}.${d}/${prefix}`, out];
      }
      default: {
        const c1 = rnd(4);
        const c2 = c1 + rnd(4 - c1);
        const ds = [...new Set(Array.from({ length: 1 + rnd(3) }, () => rnd(256)))];
        for (let c = c1; c <= c2; c++) for (const d of [...ds].sort((x, y) => x - y)) out.push([c, d]);
        return [`10.0.${c1}-${c2}.${ds.join(',')}`, out];
      }
    }
  }

  it('for random includes and excludes', () => {
    for (let round = 0; round < 300; round++) {
      const includes = Array.from({ length: 1 + rnd(3) }, randomWord);
      const excludes = Array.from({ length: rnd(4) }, randomWord);
      const gone = new Set(excludes.flatMap(([, xs]) => xs.map(([c, d]) => `10.0.${c}.${d}`)));
      const expected = includes.flatMap(([, xs]) => xs.map(([c, d]) => `10.0.${c}.${d}`)).filter((a) => !gone.has(a));
      const specs = includes.map(([w]) => w);
      const exclude = excludes.map(([w]) => w);
      if (expected.length === 0) {
        expect(keyOf(() => parseTargets(specs, { excludes: exclude }))).toBe('targets.allExcluded');
        continue;
      }
      const set = parseTargets(specs, { excludes: exclude });
      expect(expectConsistent(set), `${specs.join(' ')} minus ${exclude.join(' ')}`).toEqual(expected);
    }
  });
});
