/** Build- and test-time reading of knowledge/probes/*.yaml and knowledge/signatures/*.yaml, validated. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { KnowledgeError } from '../core/errors.js';
import { packageRoot, schemaPath } from '../knowledge/paths.js';
import type { Probe, Signature, SignatureData } from './types.js';

/** The probe that sends nothing and reads what the service says first. */
export const BANNER_PROBE: Probe = {
  name: 'banner',
  transport: 'tcp',
  payloadHex: '',
  ports: [],
  tlsPorts: [],
  rarity: 1,
};

interface ProbeSource {
  name: string;
  transport: 'tcp' | 'udp';
  text?: string;
  payload?: string;
  ports: number[];
  tlsPorts?: number[];
  rarity: number;
  waitMs?: number;
}

type SignatureEntry = Omit<Signature, 'file' | 'soft' | 'flags'> & { soft?: boolean; flags?: string };

interface SignatureSource {
  matches: SignatureEntry[];
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    return [];
  }
}

function validator(schema: string): (data: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath(schema), 'utf8')) as object);
  return (data) =>
    validate(data)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? ''}`);
}

function groupsOf(pattern: string, flags: string): number {
  return new RegExp(`${pattern}|`, flags.replace(/[gy]/g, '')).exec('')?.length ?? 1;
}

/** Problems with the parsed sources, as sentences; empty when they are valid. */
export function signatureProblems(
  probes: readonly { file: string; data: unknown }[],
  signatures: readonly { file: string; data: unknown }[],
): string[] {
  const problems: string[] = [];
  const checkProbe = validator('probe.schema.json');
  const checkSignatures = validator('signatures.schema.json');
  const names = new Set<string>([BANNER_PROBE.name]);
  for (const { file, data } of probes) {
    for (const p of checkProbe(data)) problems.push(`probes/${file}: ${p}`);
    const probe = data as ProbeSource;
    if (typeof probe.name !== 'string') continue;
    if (`${probe.name}.yaml` !== file) problems.push(`probes/${file}: file name should be ${probe.name}.yaml`);
    if ((probe.text === undefined) === (probe.payload === undefined)) {
      problems.push(`probes/${file}: give exactly one of text and payload`);
    }
    if (names.has(probe.name)) problems.push(`probes/${file}: probe ${probe.name} is defined twice`);
    names.add(probe.name);
  }
  for (const { file, data } of signatures) {
    for (const p of checkSignatures(data)) problems.push(`signatures/${file}: ${p}`);
    const source = data as SignatureSource;
    if (!Array.isArray(source.matches)) continue;
    source.matches.forEach((m, i) => {
      const where = `signatures/${file}: match ${i + 1}`;
      if (typeof m.probe === 'string' && !names.has(m.probe)) problems.push(`${where}: no probe named ${m.probe}`);
      if (typeof m.pattern !== 'string') return;
      let groups = 0;
      try {
        groups = groupsOf(m.pattern, m.flags ?? '') - 1;
      } catch (err) {
        problems.push(`${where}: the pattern is not a valid regular expression: ${(err as Error).message}`);
        return;
      }
      for (const field of ['product', 'version', 'info', 'os', 'cpe'] as const) {
        for (const ref of (m[field] ?? '').matchAll(/\$(\d)/g)) {
          if (Number(ref[1]) > groups)
            problems.push(`${where}: ${field} uses $${ref[1]} but the pattern has ${groups} groups`);
        }
      }
    });
  }
  return problems;
}

function readYaml(dir: string, file: string): unknown {
  try {
    return parse(readFileSync(join(dir, file), 'utf8'), { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    throw new KnowledgeError('KB_INVALID', `${file}: ${(cause as Error).message}`, { cause });
  }
}

/** Read, validate and flatten the identification data. */
export function loadSignatureSources(root = join(packageRoot, 'knowledge')): SignatureData {
  const probeDir = join(root, 'probes');
  const signatureDir = join(root, 'signatures');
  const probes = yamlFiles(probeDir).map((file) => ({ file, data: readYaml(probeDir, file) }));
  const signatures = yamlFiles(signatureDir).map((file) => ({ file, data: readYaml(signatureDir, file) }));
  const problems = signatureProblems(probes, signatures);
  if (problems.length > 0) throw new KnowledgeError('KB_INVALID', problems.join('\n'), { details: { problems } });
  return {
    version: 1,
    probes: [
      BANNER_PROBE,
      ...probes.map(({ data }) => {
        const p = data as ProbeSource;
        return {
          name: p.name,
          transport: p.transport,
          payloadHex: p.payload ?? Buffer.from(p.text ?? '', 'latin1').toString('hex'),
          ports: p.ports,
          tlsPorts: p.tlsPorts ?? [],
          rarity: p.rarity,
          ...(p.waitMs !== undefined && { waitMs: p.waitMs }),
        };
      }),
    ],
    signatures: signatures.flatMap(({ file, data }) =>
      (data as SignatureSource).matches.map((m) => ({
        ...m,
        flags: m.flags ?? '',
        soft: m.soft === true,
        file,
      })),
    ),
  };
}
