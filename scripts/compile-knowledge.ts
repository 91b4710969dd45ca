/** Build step: validate knowledge/ (port entries, holders) and write dist/knowledge.json, the file the package ships. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KnowledgeError } from '../src/core/errors.js';
import { compiledIanaNamesPath, compiledKnowledgePath } from '../src/knowledge/paths.js';
import { ianaNameTable } from '../src/knowledge/iana.js';
import { loadKnowledgeSources } from '../src/knowledge/sources.js';
import { compiledTopPortsPath, loadTopPortsSource } from '../src/targets/top-ports-source.js';
import type { KnowledgeBase } from '../src/knowledge/types.js';

try {
  const kb: KnowledgeBase = loadKnowledgeSources();
  mkdirSync(dirname(compiledKnowledgePath), { recursive: true });
  writeFileSync(compiledKnowledgePath, JSON.stringify(kb) + '\n');
  writeFileSync(compiledIanaNamesPath, JSON.stringify(ianaNameTable()) + '\n');
  writeFileSync(compiledTopPortsPath, JSON.stringify(loadTopPortsSource(kb.entries)) + '\n');
  process.stdout.write(`knowledge base: ${kb.entries.length} entries written to ${compiledKnowledgePath}\n`);
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  process.stderr.write(err.message + '\n');
  process.exitCode = 1;
}
