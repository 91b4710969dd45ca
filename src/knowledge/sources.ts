/** Reading the knowledge source files (knowledge/ports/*.yaml), validated. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KnowledgeError } from '../core/errors.js';
import type { KnowledgeBase, PortEntry } from './types.js';
import { loadHolders } from './holders-source.js';
import { crossEntryProblems, entryProblems } from './validate.js';
import { holdersSourcePath, knowledgeSourceDir } from './paths.js';

/** One source file, parsed but not yet validated. */
export interface RawEntryFile {
  readonly fileName: string;
  readonly data: unknown;
}

// CJK ideographs and full-width punctuation, between which a space is never wanted.
const CJK_CHAR = '[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef]';
const FOLDED_SPACE = new RegExp(`(?<=${CJK_CHAR})\\s+(?=${CJK_CHAR})`, 'gu');

/**
 * YAML folds a line break into a space, which is right in English and wrong between two Chinese
 * characters: drop whitespace between CJK characters in every `zh` text, in place.
 */
export function unfoldChinese(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) unfoldChinese(item);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(obj)) {
      if (key === 'zh' && typeof v === 'string') obj[key] = v.replace(FOLDED_SPACE, '');
      else unfoldChinese(v);
    }
  }
}

/** Parse every YAML file of a folder; a YAML syntax error names the file and line. */
export function readEntryFiles(dir: string = knowledgeSourceDir): RawEntryFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  return files.map((fileName) => {
    const text = readFileSync(join(dir, fileName), 'utf8');
    try {
      const data: unknown = parse(text, { prettyErrors: true, uniqueKeys: true });
      unfoldChinese(data);
      return { fileName, data };
    } catch (cause) {
      throw new KnowledgeError('KB_INVALID', `${fileName}: ${(cause as Error).message}`, { cause });
    }
  });
}

/** Read, validate and return every entry of the source folder; throws with all problems at once. */
export function loadEntrySources(dir: string = knowledgeSourceDir): PortEntry[] {
  const raw = readEntryFiles(dir);
  const problems = raw.flatMap((f) => entryProblems(f.data, f.fileName));
  const entries = raw.map((f) => f.data as PortEntry);
  if (problems.length === 0) problems.push(...crossEntryProblems(entries));
  if (problems.length > 0) {
    throw new KnowledgeError('KB_INVALID', `knowledge base is invalid:\n  ${problems.join('\n  ')}`, {
      details: { problems },
    });
  }
  return entries;
}

/** The whole knowledge base from its sources: entries and holders, validated. */
export function loadKnowledgeSources(dir: string = knowledgeSourceDir, holdersPath: string = holdersSourcePath): KnowledgeBase {
  const entries = loadEntrySources(dir);
  const holders = loadHolders(holdersPath, new Set(entries.map((e) => e.port)));
  return { version: 1, entries, holders };
}
