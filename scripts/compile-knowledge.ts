/** Build step: validate knowledge/ (port entries, holders, top ports, probes, signatures) and write dist/knowledge.json, the file the package ships. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KnowledgeError } from '../src/core/errors.js';
import { compiledIanaNamesPath, compiledKnowledgePath, compiledSignaturesPath } from '../src/knowledge/paths.js';
import { loadSignatureSources } from '../src/identify/sources.js';
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
  const signatures = loadSignatureSources();
  writeFileSync(compiledSignaturesPath, JSON.stringify(signatures) + '\n');
  process.stdout.write(
    `knowledge base: ${kb.entries.length} entries written to ${compiledKnowledgePath}; ` +
      `${signatures.probes.length} probes and ${signatures.signatures.length} signatures\n`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  process.stderr.write(err.message + '\n');
  process.exitCode = 1;
}
