/** Types of the port knowledge base; they mirror schema/knowledge-entry.schema.json. */
import type { Text } from '../core/lang.js';
import type { Transport } from '../core/socket.js';
import type { AdviceAction, Severity } from '../core/finding.js';

export type { Transport, AdviceAction, Severity };
export { SEVERITIES } from '../core/finding.js';
export type CheckCategory = 'safe' | 'discovery' | 'intrusive' | 'auth' | 'vuln';
export type MalwareKind = 'trojan' | 'backdoor' | 'worm' | 'virus' | 'botnet' | 'ransomware' | 'miner';


export interface Weakness {
  readonly id: string;
  readonly title: Text;
  readonly detail: Text;
  readonly ids: readonly string[];
}

export interface Malware {
  readonly name: string;
  readonly kind: MalwareKind;
  readonly year?: number;
  readonly fromReference: boolean;
  readonly note: Text;
  readonly ids?: readonly string[];
}

export interface RiskByExposure {
  readonly internet: Severity;
  readonly lan: Severity;
  readonly loopback: Severity;
  readonly reason: Text;
}

export interface Advice {
  readonly action: AdviceAction;
  readonly reason: Text;
  readonly steps: readonly Text[];
}

export interface CheckRef {
  readonly id: string;
  readonly categories: readonly CheckCategory[];
  readonly what: Text;
}

export interface RelatedPort {
  readonly port: number;
  readonly transport: Transport;
  readonly why: Text;
}

export interface Reference {
  readonly id: string;
  readonly title: string;
  readonly url: string;
}

export interface Correction {
  readonly topic: string;
  readonly claim: Text;
  readonly fact: Text;
  readonly source: string;
}

/** One curated port entry (a file under knowledge/ports/). */
export interface PortEntry {
  readonly port: number;
  readonly transports: readonly Transport[];
  readonly names: readonly string[];
  readonly origin: 'reference' | 'modern';
  readonly title: Text;
  readonly purpose: Text;
  readonly howItWorks: Text;
  readonly weaknesses: readonly Weakness[];
  readonly malware: readonly Malware[];
  readonly risk: RiskByExposure;
  readonly advice: Advice;
  readonly checks: readonly CheckRef[];
  readonly related: readonly RelatedPort[];
  readonly references: readonly Reference[];
  readonly corrections: readonly Correction[];
}

/** Programs that normally hold ports (knowledge/holders.yaml). Names are lower case. */
export interface Holders {
  /** Programs that may hold any port (socket activation, inetd, port forwarders). */
  readonly anyPort: readonly string[];
  /** Port number → programs that normally serve it. */
  readonly ports: Readonly<Record<string, readonly string[]>>;
}

/** The compiled knowledge base the package ships (dist/knowledge.json). */
export interface KnowledgeBase {
  readonly version: 1;
  readonly entries: readonly PortEntry[];
  readonly holders: Holders;
}
