import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { explain, type ExplainDetail, type ExplainSummary } from './explain.js';
import { schemaPath } from './paths.js';

const loadSchema = (name: string): object => JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(loadSchema('knowledge-entry.schema.json'));
const validateOutput = ajv.compile(loadSchema('explain-output.v1.schema.json'));

const details = (args: string[]): ExplainDetail[] => explain(args).items as ExplainDetail[];

describe('explain', () => {
  it('answers a port with its curated entry and IANA registration', () => {
    const [d] = details(['21']);
    expect(d?.entry?.port).toBe(21);
    expect(d?.iana.map((s) => `${s.name}/${s.transport}`)).toContain('ftp/tcp');
  });

  it('answers a curated service name and an IANA-only name', () => {
    expect(details(['ftp'])[0]?.entry?.port).toBe(21);
    const kerberos = details(['kerberos']);
    expect(kerberos.map((d) => d.port)).toContain(88);
    expect(kerberos.every((d) => d.entry === null && d.iana.length > 0)).toBe(true);
  });

  it('filters by transport, and says when the entry does not cover it', () => {
    const [udp] = details(['137/udp']);
    expect(udp?.entry?.port).toBe(137);
    expect(udp?.iana.every((s) => s.transport === 'udp')).toBe(true);
    const [ftpUdp] = details(['21/udp']);
    expect(ftpUdp?.entry).toBeNull();
    expect(ftpUdp?.coveredTransports).toEqual(['tcp']);
  });

  it('answers a list in order, without repeating a port', () => {
    expect(details(['21,23,25', '23']).map((d) => d.port)).toEqual([21, 23, 25]);
  });

  it('summarises a range: curated rows first-class, registry-only rows marked', () => {
    const [s] = explain(['1-30']).items as ExplainSummary[];
    expect(s?.kind).toBe('summary');
    expect(s?.total).toBe(30);
    const byPort = new Map(s?.rows.map((r) => [r.port, r]));
    expect(byPort.get(21)?.curated).toBe(true);
    expect(byPort.get(21)?.risk).not.toBeNull();
    expect(byPort.get(7)?.curated).toBe(false);
    expect(byPort.get(7)?.service).toBe('echo');
    expect(byPort.has(4)).toBe(false); // unassigned, no entry
    expect(s?.curated).toBe(s?.rows.filter((r) => r.curated).length);
  });

  it('reports a port with neither entry nor registration as such, not as an error', () => {
    const [d] = details(['4']);
    expect(d?.entry).toBeNull();
    expect(d?.iana).toEqual([]);
  });

  it('refuses an unknown service name with close matches', () => {
    expect(() => explain(['ftpp'])).toThrow(UsageError);
    try {
      explain(['ftpp']);
    } catch (err) {
      expect(String((err as UsageError).details['params'] && JSON.stringify((err as UsageError).details['params']))).toMatch(/ftp/);
    }
  });

  it('produces output that matches the published JSON schema', () => {
    for (const args of [['21', '135', '137/udp', '21/udp', 'kerberos', '4'], ['0-1100'], ['1-65535/udp']]) {
      const out = { ...explain(args), lang: 'zh' };
      const ok = validateOutput(JSON.parse(JSON.stringify(out)));
      expect(validateOutput.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });
});
