import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntryFiles, loadEntrySources } from './sources.js';
import { entryProblems, textsOf } from './validate.js';
import { MODERN_PORTS, REFERENCE_MALWARE, REFERENCE_PORTS, REQUIRED_CORRECTIONS } from './coverage.js';
import { packageRoot } from './paths.js';
import type { PortEntry } from './types.js';

const files = readEntryFiles();

describe('knowledge source files', () => {
  it.each(files.map((f) => [f.fileName, f] as const))('%s is valid', (_name, file) => {
    expect(entryProblems(file.data, file.fileName)).toEqual([]);
  });
});

describe('knowledge base coverage', () => {
  const entries = loadEntrySources();
  const byPort = new Map(entries.map((e) => [e.port, e] as const));

  it('has an entry for every port of the reference, marked as such', () => {
    for (const port of REFERENCE_PORTS) {
      expect(byPort.get(port)?.origin, `port ${port}`).toBe('reference');
    }
  });

  it('has an entry for every modern port', () => {
    for (const port of MODERN_PORTS) expect(byPort.has(port), `port ${port}`).toBe(true);
  });

  it('names every malware the reference names, under its port', () => {
    for (const [port, names] of Object.entries(REFERENCE_MALWARE)) {
      const entry = byPort.get(Number(port));
      const listed = new Set(entry?.malware.filter((m) => m.fromReference).map((m) => m.name.toLowerCase()));
      for (const name of names) expect(listed.has(name.toLowerCase()), `${name} under ${port}`).toBe(true);
    }
  });

  it('carries every required correction with a cited source', () => {
    for (const [port, topics] of Object.entries(REQUIRED_CORRECTIONS)) {
      const entry = byPort.get(Number(port)) as PortEntry;
      for (const topic of topics) {
        const c = entry.corrections.find((x) => x.topic === topic);
        expect(c, `${topic} on ${port}`).toBeDefined();
        expect(entry.references.some((r) => r.id === c?.source)).toBe(true);
      }
    }
  });

  it('cites the advisories the issue names', () => {
    const ids = (port: number): string[] => (byPort.get(port)?.weaknesses ?? []).flatMap((w) => w.ids);
    expect(ids(135)).toEqual(expect.arrayContaining(['MS03-026', 'CVE-2003-0352']));
    expect(ids(111)).toContain('CVE-2002-0391');
  });

  it('has an IANA reference on every entry', () => {
    for (const e of entries) expect(e.references.some((r) => r.url.includes('iana.org')), `port ${e.port}`).toBe(true);
  });
});

// The facts of the reference carry over, its sentences do not: no 12-character run of the
// reference's Chinese prose may appear in ours. The reference lives beside the checkout (../shared).
const seedPath = join(packageRoot, '..', 'shared', 'seed', 'tcp-ports-zh.txt');
describe.skipIf(!existsSync(seedPath))('own words', () => {
  it('copies no sentence of the reference', () => {
    const norm = (s: string): string => s.replace(/[\s\p{P}]/gu, '');
    const seed = norm(readFileSync(seedPath, 'utf8'));
    const copied: string[] = [];
    for (const e of loadEntrySources()) {
      for (const t of textsOf(e)) {
        const zh = norm(t.zh);
        for (let i = 0; i + 12 <= zh.length; i++) {
          const run = zh.slice(i, i + 12);
          // Runs that are only Latin letters and digits are product and protocol names.
          if (/[\u3400-\u9fff]/u.test(run) && seed.includes(run)) {
            copied.push(`${e.port} ${t.path}: ${run}`);
            break;
          }
        }
      }
    }
    expect(copied).toEqual([]);
  });
});
