import { describe, expect, it } from 'vitest';
import { AUDIT_RULES } from '../assess/audit.js';
import { loadKnowledgeSources } from '../knowledge/sources.js';
import { allChecks, checkFiles } from './registry.js';

const CJK = /[\u3400-\u9fff]/u;

describe('the check registry', () => {
  it('holds one check per file, its id equal to the file name', async () => {
    const checks = await allChecks();
    expect(checks.map((c) => c.id)).toEqual(checkFiles());
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });

  it('describes every check in both languages, with categories, a port rule and references', async () => {
    for (const c of await allChecks()) {
      expect(c.title.en.trim(), c.id).not.toBe('');
      expect(CJK.test(c.title.zh), `${c.id}: zh title`).toBe(true);
      expect(CJK.test(c.title.en), `${c.id}: en title`).toBe(false);
      expect(c.categories.length, c.id).toBeGreaterThan(0);
      expect(
        (c.applies.ports?.length ?? 0) + (c.applies.services?.length ?? 0) + (c.applies.tls === true ? 1 : 0),
        `${c.id} applies to nothing`,
      ).toBeGreaterThan(0);
      expect(c.references.length, `${c.id}: references`).toBeGreaterThan(0);
    }
  });

  it('implements every check the knowledge base names (network checks, or the local audit rules)', async () => {
    const known = new Set<string>([...(await allChecks()).map((c) => c.id), ...AUDIT_RULES]);
    const missing = loadKnowledgeSources().entries.flatMap((e) =>
      e.checks.filter((c) => !known.has(c.id)).map((c) => `${e.port}: ${c.id}`),
    );
    expect(missing).toEqual([]);
  });

  it('agrees with the knowledge base on whether a check is intrusive', async () => {
    const byId = new Map((await allChecks()).map((c) => [c.id, c]));
    const disagree = loadKnowledgeSources().entries.flatMap((e) =>
      e.checks
        .filter((k) => byId.has(k.id))
        .filter(
          (k) => k.categories.includes('intrusive') !== (byId.get(k.id)?.categories.includes('intrusive') ?? false),
        )
        .map((k) => `${e.port}: ${k.id}`),
    );
    expect(disagree).toEqual([]);
  });
});
