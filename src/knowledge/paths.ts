/** Where the package's data files are, whether running from src/ (tests) or dist/src/ (installed). */
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

export { packageRoot };

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

/** The compiled identification probes and signatures written by the build. */
export const compiledSignaturesPath: string = join(packageRoot, 'dist', 'signatures.json');
