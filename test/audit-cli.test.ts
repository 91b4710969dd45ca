// `portwarden audit` as a user runs it, on this machine, with listeners the test opens on loopback and
// the wildcard address (nothing connects to them).
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeners, type OpenedListener } from './listeners.js';
import { cli } from './cli-run.js';

const schema = JSON.parse(
  readFileSync(new URL('../schema/audit-output.v1.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false }).compile(
  schema,
);

interface JsonItem {
  socket: { transport: string; address: string; port: number; processes: { pid: number }[] };
  exposure: { reach: string };
  severity: string;
}

let child: ChildProcess;
let opened: OpenedListener[];

beforeAll(async () => {
  ({ child, opened } = await startListeners([
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
    { transport: 'tcp', address: '0.0.0.0', port: 0 },
    { transport: 'udp', address: '127.0.0.1', port: 0 },
  ]));
});
afterAll(() => {
  child.kill();
});

describe('portwarden audit (CLI)', () => {
  it('lists the listeners a process opened, with its pid, in JSON that matches the schema', () => {
    const r = cli(['audit', '--json', '--no-firewall']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { schema: string; items: JsonItem[] };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.schema).toBe('portwarden.audit/1');
    for (const l of opened) {
      const item = report.items.find(
        (i) => i.socket.transport === l.transport && i.socket.port === l.port && i.socket.address === l.address,
      );
      expect(item, `${l.transport} ${l.address}:${l.port}`).toBeDefined();
      expect(item?.socket.processes.map((p) => p.pid)).toContain(child.pid);
      if (l.address === '127.0.0.1') expect(item?.exposure.reach).toBe('loopback');
      else expect(item?.exposure.reach).not.toBe('loopback');
    }
  });

  it('prints a table in both languages', () => {
    const port = String(opened.find((l) => l.address === '0.0.0.0' && l.transport === 'tcp')?.port);
    const en = cli(['audit', '--no-firewall', '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.out).toContain(`0.0.0.0:${port}`);
    expect(en.out).toContain('Summary:');
    const zh = cli(['audit', '--no-firewall', '--lang', 'zh']);
    expect(zh.out).toContain('汇总');
    expect(zh.out).toContain(`0.0.0.0:${port}`);
  });

  it('exits 1 with --fail-on when a port is at or above it, 0 otherwise', () => {
    expect(cli(['audit', '--no-firewall', '--fail-on', 'info']).code).toBe(1);
    const json = JSON.parse(cli(['audit', '--json', '--no-firewall']).out) as { items: JsonItem[] };
    if (!json.items.some((i) => i.severity === 'critical')) {
      expect(cli(['audit', '--no-firewall', '--fail-on', 'critical']).code).toBe(0);
    }
  });

  it('refuses a bad --fail-on with one sentence and exit code 2', () => {
    const r = cli(['audit', '--fail-on', 'severe']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/"severe" is not a severity/);
  });
});
