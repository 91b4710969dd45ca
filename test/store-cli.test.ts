// portwarden audit/scan save their runs; history lists them; show draws a scan again exactly as it was printed.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli } from './cli-run.js';
import { startListeners, type OpenedListener } from './listeners.js';
import { runSchemaErrors } from './support/run-schema.js';

const historySchema = JSON.parse(
  readFileSync(new URL('../schema/history.v1.schema.json', import.meta.url), 'utf8'),
) as object;
const validateHistory = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(historySchema);

let child: ChildProcess;
let opened: OpenedListener[];
const dir = mkdtempSync(join(tmpdir(), 'pw-store-cli-'));
const db = join(dir, 'runs', 'history.db');

beforeAll(async () => {
  ({ child, opened } = await startListeners([
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
  ]));
});
afterAll(() => {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
});

interface HistoryJson {
  schema: string;
  runs: { id: string; kind: string; targets: string[]; openPorts: number; hostsUp: number }[];
}
const history = (...args: string[]): HistoryJson => {
  const r = cli(['history', '--json', '--db', db, ...args]);
  expect(r.err).toBe('');
  const out = JSON.parse(r.out) as HistoryJson;
  expect(validateHistory(out), JSON.stringify(validateHistory.errors)).toBe(true);
  return out;
};

describe('the history of runs (CLI)', () => {
  it('saves a scan, lists it, and shows it again exactly as the scan printed it', () => {
    const port = opened[0]?.port ?? 0;
    const spec = `${port},${port + 1}`;
    const scan = cli(['scan', '127.0.0.1', '-p', spec, '-Pn', '--seed', '7', '--db', db]);
    expect(scan.code).toBe(0);
    const id = /saved as run ([0-9a-f]{8})/.exec(scan.err)?.[1];
    expect(id, scan.err).toBeDefined();
    const [line] = history().runs;
    expect(line).toMatchObject({ kind: 'scan', targets: ['127.0.0.1'], openPorts: 1, hostsUp: 1 });
    expect(line?.id.startsWith(id ?? '-')).toBe(true);

    const show = cli(['show', id ?? '', '--db', db]);
    expect(show.err).toBe('');
    expect(show.code).toBe(0);
    const [head, blank, ...body] = show.out.split('\n');
    expect(head).toMatch(new RegExp(`^Run ${line?.id ?? '-'} · scan · `));
    expect(blank).toBe('');
    expect(body.join('\n')).toBe(scan.out);
    expect(scan.out).toContain(`${port}/tcp`);

    const zh = cli(['show', id ?? '', '--db', db, '--lang', 'zh']);
    expect(zh.out).toContain('127.0.0.1 在线');
    expect(zh.out).toContain('网络扫描');

    const json = cli(['show', 'last', '--json', '--db', db]);
    const record = JSON.parse(json.out) as { id: string; hosts: { ports: { port: number; rttMs: number }[] }[] };
    expect(runSchemaErrors(record)).toBeNull();
    expect(record.id).toBe(line?.id);
    expect(record.hosts[0]?.ports.map((p) => p.port)).toEqual([port]);
    // The same text every time: the record is kept as it was written.
    expect(cli(['show', record.id, '--json', '--db', db]).out).toBe(json.out);
  });

  it('saves audits and JSON scans quietly, and nothing with --no-save', () => {
    const before = history('--limit', '0').runs.length;
    const audit = cli(['audit', '--json', '--no-firewall', '--db', db]);
    expect(audit.code).toBe(0);
    expect(audit.err).toBe('');
    const scan = cli(['scan', '127.0.0.1', '-p', String(opened[0]?.port), '--json', '--db', db]);
    expect(scan.err).toBe('');
    cli(['scan', '127.0.0.1', '-p', String(opened[0]?.port), '--no-save', '--db', db]);
    const runs = history('--limit', '0').runs;
    expect(runs.length).toBe(before + 2);
    expect(history('--kind', 'audit').runs.map((r) => r.kind)).toEqual(['audit']);
    const show = cli(['show', runs.find((r) => r.kind === 'audit')?.id ?? '', '--db', db]);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/portwarden audit of /);
    expect(show.out).toContain(`127.0.0.1:${opened[0]?.port ?? 0}`);
  });

  it('uses PORTWARDEN_DB, and XDG_DATA_HOME without it', () => {
    const other = join(dir, 'env.db');
    cli(['scan', '127.0.0.1', '-p', String(opened[0]?.port)], { PORTWARDEN_DB: other });
    expect(JSON.parse(cli(['history', '--json'], { PORTWARDEN_DB: other }).out)).toMatchObject({
      location: other,
      runs: [{ kind: 'scan' }],
    });
    const xdg = join(dir, 'xdg');
    cli(['scan', '127.0.0.1', '-p', String(opened[0]?.port)], { XDG_DATA_HOME: xdg });
    const r = cli(['history', '--json'], { XDG_DATA_HOME: xdg });
    expect(JSON.parse(r.out)).toMatchObject({ location: join(xdg, 'portwarden', 'history.db') });
  });

  it('still prints the whole report when the store cannot be written, with one warning', () => {
    const bad = join(dir, 'runs'); // a directory, not a database file
    const r = cli(['scan', '127.0.0.1', '-p', String(opened[0]?.port), '--db', bad]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Done: 1 host/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^Warning: this run was not saved in the history: cannot open the history database/);
  });

  it('refuses bad input with one sentence and exit code 2, before scanning', () => {
    const cases: [string[], RegExp][] = [
      [['scan', '127.0.0.1', '-p', '1', '--db', 'http://example.invalid/db'], /is not a database portwarden can use/],
      [['scan', '127.0.0.1', '-p', '1', '--db', ' '], /--db needs a database/],
      [['show', 'zz', '--db', db], /"zz" is not a run id/],
      [['show', 'ffffffff', '--db', db], /No saved run matches "ffffffff"/],
      [['history', '--prune', 'soon', '--db', db], /"soon" is not an age/],
      [['history', '--since', 'yesterday', '--db', db], /neither an age/],
      [['history', '--kind', 'nmap', '--db', db], /not a kind of run/],
      [['history', '--limit', '-3', '--db', db], /--limit/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    }
  });

  it('diffs saved runs by id: the same scan twice, then one that found another port', () => {
    const env = { PORTWARDEN_DB: join(dir, 'diff.db') };
    const [p1, p2] = opened.map((l) => l.port);
    const saved = (args: string[]): string => {
      const r = cli(['scan', '127.0.0.1', '-Pn', ...args], env);
      return /saved as run ([0-9a-f]{8})/.exec(r.err)?.[1] ?? 'none';
    };
    const first = saved(['-p', String(p1)]);
    const again = saved(['-p', String(p1)]);
    const wider = saved(['-p', `${p1},${p2}`]);
    const same = cli(['diff', first, again, '--json'], env);
    expect(same.err).toBe('');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ a: { kind: 'scan' }, b: { kind: 'scan' }, ports: { opened: [] } });
    const changed = cli(['diff', first, 'last', '--json'], env);
    expect(changed.code).toBe(1);
    const diff = JSON.parse(changed.out) as { b: { id: string }; ports: { opened: { port: number }[] } };
    expect(diff.b.id.startsWith(wider)).toBe(true);
    expect(diff.ports.opened.map((p) => p.port)).toEqual([p2]);
    // Not an id of this history, nor a file: one sentence, exit code 2.
    expect(cli(['diff', first, 'abcdef12'], env)).toMatchObject({ code: 2, out: '' });
  });

  it('never creates a history just to say it is empty', () => {
    const absent = join(dir, 'absent', 'history.db');
    expect(cli(['history', '--db', absent]).out).toBe(`No runs saved in ${absent} yet.\n`);
    expect(JSON.parse(cli(['history', '--json', '--db', absent]).out)).toEqual({
      schema: 'portwarden.history/1',
      location: absent,
      runs: [],
    });
    expect(cli(['history', '--prune', '30d', '--db', absent]).code).toBe(0);
    expect(cli(['show', 'last', '--db', absent])).toMatchObject({ code: 2, out: '' });
    expect(cli(['show', 'x', '--db', absent]).err).toMatch(/"x" is not a run id/);
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });

  it('prunes by age', () => {
    const all = history('--limit', '0').runs.length;
    expect(all).toBeGreaterThan(0);
    const none = JSON.parse(cli(['history', '--prune', '1d', '--json', '--db', db]).out) as unknown;
    expect(validateHistory(none)).toBe(true);
    expect(none).toMatchObject({ pruned: 0 });
    const r = cli(['history', '--prune', '0s', '--db', db]);
    expect(r.out).toMatch(new RegExp(`^Deleted ${all} run\\(s\\) started before `));
    expect(cli(['history', '--db', db]).out).toMatch(/^No runs saved in /);
  });

  it('loads the database drivers only for commands that use the store', () => {
    // Which CommonJS modules (better-sqlite3 with its native addon, pg) a command loaded.
    const loaded = (args: string[]): string[] => {
      const script = `
        import { createRequire } from 'node:module';
        process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...${JSON.stringify(args)}];
        const { run } = await import(${JSON.stringify(new URL('../dist/src/cli/main.js', import.meta.url).href)});
        const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: { XDG_DATA_HOME: ${JSON.stringify(dir)} } };
        await run(process.argv.slice(2), io);
        const cache = Object.keys(createRequire(import.meta.url).cache);
        console.log(JSON.stringify(cache.filter((k) => /node_modules\\/(better-sqlite3|pg)\\//.test(k))));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as string[];
    };
    expect(loaded(['explain', '21'])).toEqual([]);
    expect(loaded(['history', '--db', db]).some((k) => k.includes('better-sqlite3'))).toBe(true);
  });
});
