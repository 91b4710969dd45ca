import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isObject, renderRule, renderStatement, renderValue, single } from './nft-text.js';

const root = fileURLToPath(new URL('../../../test/fixtures/firewall/', import.meta.url));

describe('renderRule', () => {
  it('prints every native rule of the captured rulesets as nft list ruleset does (counters aside)', () => {
    let checked = 0;
    for (const scenario of readdirSync(root)) {
      if (!existsSync(`${root}${scenario}/nft.json`)) continue;
      const lines = new Set(
        readFileSync(`${root}${scenario}/nft-text.txt`, 'utf8')
          .split('\n')
          .map((l) => l.replace(/counter packets \d+ bytes \d+ ?/, '').trim()),
      );
      const doc = JSON.parse(readFileSync(`${root}${scenario}/nft.json`, 'utf8')) as { nftables: unknown[] };
      for (const item of doc.nftables) {
        const kv = single(item);
        if (kv?.[0] !== 'rule' || !isObject(kv[1]) || !Array.isArray(kv[1]['expr'])) continue;
        const exprs = kv[1]['expr'] as unknown[];
        // iptables-nft's compat expressions print translated in text and opaque in JSON; the verdict reads iptables-save instead.
        if (exprs.some((e) => single(e)?.[0] === 'xt')) continue;
        expect(lines, scenario).toContain(renderRule(exprs, kv[1]['comment']));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('prints what the fixtures lack: comments, queues, compat expressions, concatenations', () => {
    const dport = { payload: { protocol: 'tcp', field: 'dport' } };
    expect(renderRule([{ match: { op: '==', left: dport, right: 22 } }, { accept: null }], 'ssh in')).toBe(
      'tcp dport 22 accept comment "ssh in"',
    );
    expect(renderStatement({ queue: { num: 3 } })).toBe('queue num 3');
    expect(renderStatement({ xt: { type: 'match', name: 'conntrack' } })).toBe('xt match "conntrack"');
    expect(renderStatement({ reject: { type: 'tcp reset' } })).toBe('reject with tcp reset');
    expect(renderStatement({ counter: { packets: 1, bytes: 60 } })).toBeNull();
    expect(renderValue({ set: [{ concat: ['10.0.0.1', 22] }] }, false)).toBe('{ 10.0.0.1 . 22 }');
    expect(renderValue({ prefix: { addr: 'fe80::', len: 64 } }, false)).toBe('fe80::/64');
  });
});
