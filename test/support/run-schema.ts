// The run record's JSON schema as a validator, for every test that checks a record.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/run.v1.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
const compiled = ajv.compile(schema);

/** Null when `record` matches schema/run.v1.schema.json (and its instants parse), else the errors as text. */
export function runSchemaErrors(record: unknown): string | null {
  if (!compiled(record)) return JSON.stringify(compiled.errors);
  const r = record as { startedAt: string; finishedAt: string };
  for (const at of [r.startedAt, r.finishedAt]) {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(at)) return `${at} is not an ISO instant in UTC`;
  }
  return null;
}
