/** Reading a saved run (`portwarden.run/1` JSON) for `fix --from`: enough shape checks to plan safely from it. */
import { usageError } from '../core/errors.js';
import { parseSeverity } from '../core/finding.js';
import { RUN_SCHEMA, type RunRecord } from '../core/run.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;
}

/**
 * Parse a run record; a usage error (exit 2) names the file when it is not JSON or not a run record.
 * @example parseRunRecord(readFileSync('run.json', 'utf8'), 'run.json').findings.length
 */
export function parseRunRecord(text: string, file: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('USAGE', 'error.fix.notJson', { file });
  }
  const bad = (): never => {
    throw usageError('USAGE', 'error.fix.notRun', { file, schema: RUN_SCHEMA });
  };
  if (!isObject(value) || value['schema'] !== RUN_SCHEMA) return bad();
  if (typeof value['id'] !== 'string' || typeof value['kind'] !== 'string') return bad();
  const hosts = value['hosts'];
  const findings = value['findings'];
  if (!Array.isArray(hosts) || !Array.isArray(findings)) return bad();
  for (const h of hosts) {
    if (!isObject(h) || typeof h['host'] !== 'string' || !Array.isArray(h['ports'])) return bad();
    for (const p of h['ports'] as unknown[]) {
      if (!isObject(p) || !validPort(p['port']) || !['tcp', 'udp', 'sctp'].includes(String(p['transport'])))
        return bad();
      if (!Array.isArray(p['processes'])) return bad();
      for (const proc of p['processes'] as unknown[]) {
        if (!isObject(proc) || typeof proc['pid'] !== 'number' || typeof proc['name'] !== 'string') return bad();
      }
    }
  }
  for (const f of findings) {
    if (!isObject(f) || typeof f['id'] !== 'string' || typeof f['rule'] !== 'string') return bad();
    if (typeof f['severity'] !== 'string' || parseSeverity(f['severity']) === undefined) return bad();
    if (!['close', 'restrict', 'harden', 'keep'].includes(String(f['action']))) return bad();
    const t = f['target'];
    if (!isObject(t) || typeof t['host'] !== 'string' || !validPort(t['port'])) return bad();
    if (!['tcp', 'udp', 'sctp'].includes(String(t['transport']))) return bad();
    for (const k of ['title', 'detail'] as const) {
      const x = f[k];
      if (!isObject(x) || typeof x['en'] !== 'string' || typeof x['zh'] !== 'string') return bad();
    }
    if (!isObject(f['evidence'])) return bad();
  }
  return value as unknown as RunRecord;
}
