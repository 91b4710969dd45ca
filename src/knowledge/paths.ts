/** Where the package's data files are, whether running from src/ (tests) or dist/src/ (installed). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('portwarden: cannot find the package root from ' + fileURLToPath(import.meta.url));
}

/** The package root (the folder holding package.json). */
export const packageRoot: string = findRoot();

/** A file under schema/. */
export function schemaPath(name: string): string {
  return join(packageRoot, 'schema', name);
}

/** The folder of knowledge source files (YAML). */
export const knowledgeSourceDir: string = join(packageRoot, 'knowledge', 'ports');

/** Which programs normally hold which port. */
export const holdersSourcePath: string = join(packageRoot, 'knowledge', 'holders.yaml');

/** The compiled knowledge base written by the build. */
export const compiledKnowledgePath: string = join(packageRoot, 'dist', 'knowledge.json');

/** The compact IANA name table written by the build. */
export const compiledIanaNamesPath: string = join(packageRoot, 'dist', 'iana-names.json');
