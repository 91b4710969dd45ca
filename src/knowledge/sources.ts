/** Reading the knowledge source files (knowledge/ports/*.yaml), validated. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KnowledgeError } from '../core/errors.js';
import type { PortEntry } from './types.js';
import { crossEntryProblems, entryProblems } from './validate.js';
import { knowledgeSourceDir } from './paths.js';

/** One source file, parsed but not yet validated. */
export interface RawEntryFile {
  readonly fileName: string;
  readonly data: unknown;
}

/** Parse every YAML file of a folder; a YAML syntax error names the file and line. */
export function readEntryFiles(dir: string = knowledgeSourceDir): RawEntryFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  return files.map((fileName) => {
    const text = readFileSync(join(dir, fileName), 'utf8');
    try {
      return { fileName, data: parse(text, { prettyErrors: true, uniqueKeys: true }) as unknown };
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
