// Issue 7's "done when", the store's part: a scan of the lab (-sV and the default checks) is saved, shown again
// exactly as it was printed, and diffed against a later scan by run id. Runs inside the lab namespace (npm test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';
import { labHost, type ReadyHost } from './lab/lab.js';
import { runSchemaErrors } from './support/run-schema.js';

const names = ['ftp-anon', 'ssh-weak', 'redis', 'web-old'];
const hosts = names.map((n) => labHost(n)).filter((h): h is ReadyHost => h !== null);
const enabled = hosts.length === names.length;
const dir = mkdtempSync(join(tmpdir(), 'pw-store-lab-'));
const env = { PORTWARDEN_DB: join(dir, 'history.db') };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const scan = (): { out: string; id: string } => {
  const args = ['scan', ...hosts.map((h) => h.address), '-p', 'T:21,22,80,443,2121,6379', '-sV', '--checks', 'default'];
  const r = cli([...args, '--lang', 'en'], env);
  expect(r.code).toBe(0);
  const id = /^saved as run ([0-9a-f]{8})$/m.exec(r.err)?.[1];
  expect(id, r.err).toBeDefined();
  return { out: r.out, id: id ?? '' };
};

describe.runIf(enabled)('a lab scan in the history', () => {
  it('is saved, shown again identically in both languages, and diffed against a later scan', () => {
    const first = scan();
    expect(first.out).toMatch(/vsftpd/);
    expect(first.out).toMatch(/redis-noauth/);

    const shown = cli(['show', first.id, '--lang', 'en'], env);
    expect(shown.code).toBe(0);
    expect(shown.out.split('\n').slice(2).join('\n')).toBe(first.out);
    const zh = cli(['show', first.id, '--lang', 'zh'], env);
    expect(zh.out).toMatch(/在线/);
    expect(zh.out).toMatch(/发现的问题/);

    const record = JSON.parse(cli(['show', first.id, '--json'], env).out) as {
      hosts: { ports: { service: { product?: string } | null; checks: unknown[] }[] }[];
    };
    expect(runSchemaErrors(record)).toBeNull();
    expect(record.hosts.flatMap((h) => h.ports).some((p) => p.checks.length > 0)).toBe(true);

    const later = scan();
    const history = JSON.parse(cli(['history', '--json'], env).out) as { runs: { id: string; openPorts: number }[] };
    expect(history.runs.map((r) => r.id.slice(0, 8))).toEqual([later.id, first.id]);
    expect(history.runs[0]?.openPorts).toBe(history.runs[1]?.openPorts);

    const diff = cli(['diff', first.id, later.id, '--json'], env);
    expect(diff.err).toBe('');
    const d = JSON.parse(diff.out) as {
      same: boolean;
      ports: { opened: unknown[]; closed: unknown[]; changed: unknown[] };
      services: { changed: unknown[] };
    };
    // The lab did not change between the two scans: neither did its ports or services.
    expect(d.ports).toEqual({ opened: [], closed: [], changed: [] });
    expect(d.services.changed).toEqual([]);
    expect(diff.code).toBe(d.same ? 0 : 1);
  }, 240_000);
});
