/** The knowledge base at run time: the compiled file the build wrote (dist/knowledge.json). */
import { existsSync, readFileSync } from 'node:fs';
import { KnowledgeError } from '../core/errors.js';
import type { Holders, KnowledgeBase, PortEntry } from './types.js';
import { compiledKnowledgePath } from './paths.js';

let cached: KnowledgeBase | undefined;

/**
 * Load (once) the compiled knowledge base, validated when it was built. The YAML sources and their
 * validator are not loaded at run time: they cost start-up time on every command.
 */
export function loadKnowledge(): KnowledgeBase {
  if (cached !== undefined) return cached;
  if (!existsSync(compiledKnowledgePath)) {
    throw new KnowledgeError('KB_MISSING', `${compiledKnowledgePath} is missing; run "npm run build"`);
  }
  try {
    cached = JSON.parse(readFileSync(compiledKnowledgePath, 'utf8')) as KnowledgeBase;
  } catch (cause) {
    throw new KnowledgeError('KB_MISSING', `cannot read ${compiledKnowledgePath}; run "npm run build"`, { cause });
  }
  return cached;
}

/** Fast lookups over the entries. */
export class KnowledgeIndex {
  readonly entries: readonly PortEntry[];
  readonly holders: Holders;
  private readonly ports = new Map<number, PortEntry>();
  private readonly names = new Map<string, PortEntry>();

  constructor(kb: KnowledgeBase = loadKnowledge()) {
    this.entries = kb.entries;
    this.holders = kb.holders;
    for (const e of kb.entries) {
      this.ports.set(e.port, e);
      for (const n of e.names) this.names.set(n, e);
    }
  }

  /** The curated entry of a port, if any. */
  byPort(port: number): PortEntry | undefined {
    return this.ports.get(port);
  }

  /** The curated entry that claims a service name (lower case), if any. */
  byName(name: string): PortEntry | undefined {
    return this.names.get(name.toLowerCase());
  }

  /** Every curated service name. */
  allNames(): Iterable<string> {
    return this.names.keys();
  }
}
