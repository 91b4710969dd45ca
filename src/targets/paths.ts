/** Where the port ranking lives: knowledge/top-ports.yaml (source, read by the build) and dist/top-ports.json. */
import { join } from 'node:path';
import { packageRoot as root } from '../core/package-root.js';

/** The hand-curated ranking of ports most likely to be open (YAML, read at build and test time only). */
export const topPortsSourcePath: string = join(root, 'knowledge', 'top-ports.yaml');

/** The validated ranking the build writes; the only form read at run time. */
export const compiledTopPortsPath: string = join(root, 'dist', 'top-ports.json');
