/** The identification data at run time: dist/signatures.json as the build wrote it (no YAML, no schema). */
import { readFileSync } from 'node:fs';
import { KnowledgeError } from '../core/errors.js';
import { compiledSignaturesPath } from '../knowledge/paths.js';
import { SignatureMatcher } from './match.js';
import type { SignatureData } from './types.js';

let cached: { data: SignatureData; matcher: SignatureMatcher } | undefined;

/** The probes, signatures and a matcher over them, read once. */
export function loadSignatures(path = compiledSignaturesPath): { data: SignatureData; matcher: SignatureMatcher } {
  if (cached !== undefined && path === compiledSignaturesPath) return cached;
  let data: SignatureData;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as SignatureData;
  } catch (cause) {
    throw new KnowledgeError('KB_MISSING', `cannot read ${path}; run \`npm run build\``, { cause });
  }
  const loaded = { data, matcher: new SignatureMatcher(data) };
  if (path === compiledSignaturesPath) cached = loaded;
  return loaded;
}
