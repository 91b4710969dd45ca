// `portwarden scan` as a user runs it, against listeners this test opens on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeners, type OpenedListener } from './listeners.js';
import { bin, cli } from './cli-run.js';

const schema = JSON.parse(
  readFileSync(new URL('../schema/scan-events.v1.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

let child: ChildProcess;
let opened: OpenedListener[];

beforeAll(async () => {
  ({ child, opened } = await startListeners([
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
    { transport: 'tcp', address: '127.0.0.1', port: 0 },
  ]));
});
afterAll(() => {
  child.kill();
});

describe('portwarden scan (CLI)', () => {
  it('finds the listeners open and the ports around them closed, as JSON Lines', () => {
    const ports = opened.map((l) => l.port);
    const spec = [...ports, ...ports.map((p) => p + 1)].join(',');
    const r = cli(['scan', '127.0.0.1', '-p', spec, '--json', '-Pn', '-sT', '--seed', '7']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
    expect(lines[0]).toMatchObject({ type: 'start', schema: 'portwarden.scan/1', seed: '7' });
    expect(lines.at(-1)).toMatchObject({ type: 'end', interrupted: false });
    const states = new Map(
      lines.filter((l) => l['type'] === 'port').map((l) => [l['port'] as number, l['state'] as string]),
    );
    for (const p of ports) {
      expect(states.get(p)).toBe('open');
      // The neighbour is closed unless another test happens to hold it.
      if (!ports.includes(p + 1)) expect(['closed', 'open']).toContain(states.get(p + 1));
    }
  });

  it('prints a readable report in both languages', () => {
    const port = String(opened[0]?.port);
    const en = cli(['scan', '127.0.0.1', '-p', port]);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(new RegExp(`${port}/tcp\\s+open\\s+`));
    expect(en.out).toContain('Done: 1 host(s) (1 up)');
    const zh = cli(['scan', '127.0.0.1', '-p', port, '--lang', 'zh']);
    expect(zh.out).toMatch(new RegExp(`${port}/tcp\\s+开放`));
  });

  it('resumes an interrupted scan without repeating finished probes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-resume-'));
    try {
      const file = join(dir, 'scan.state');
      const open = opened.map((l) => l.port);
      const first = Math.max(1, Math.min(...open) - 1500);
      const spec = `${first}-${first + 2999},${open.join(',')}`;
      const args = [
        'scan',
        '127.0.0.1',
        '-p',
        spec,
        '--rate',
        '1000',
        '--seed',
        '11',
        '--resume',
        file,
        '--json',
        '--no-save',
      ];
      // First run: stopped with Ctrl-C (SIGINT) after about a second.
      const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out1 = '';
      child.stdout.on('data', (d: Buffer) => (out1 += d.toString()));
      setTimeout(() => child.kill('SIGINT'), 1000);
      const code1 = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code1).toBe(130);
      const ports = (text: string): number[] =>
        text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { type: string; port?: number })
          .filter((l) => l.type === 'port')
          .map((l) => l.port as number);
      const done1 = ports(out1);
      expect(done1.length).toBeGreaterThan(0);
      expect(done1.length).toBeLessThan(3000);
      // Second run: the same command finishes the rest; together every port is answered exactly once.
      const second = cli(args);
      expect(second.code).toBe(0);
      const done2 = ports(second.out);
      const all = [...done1, ...done2].sort((a, b) => a - b);
      const expected = [...new Set([...Array.from({ length: 3000 }, (_, i) => first + i), ...open])].sort(
        (a, b) => a - b,
      );
      expect(all).toEqual(expected);
      // The report of the finished scan names the open ports found by either run.
      const report = cli(['scan', '--resume', file]);
      for (const p of open) expect(report.out).toMatch(new RegExp(`${p}/tcp\\s+open`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it.each([
    [['scan', '300.1.1.1'], /"300\.1\.1\.1" is not an IPv4 address/],
    [['scan', '203.0.113.0/33'], /prefix length/],
    [['scan', '127.0.0.1', '-p', '70000'], /"70000" is not a port/],
    [['scan'], /No targets were given/],
    [['scan', '127.0.0.1', '-T', '9'], /-T needs a whole number from 0 to 5/],
    [['scan', '127.0.0.1', '--top-ports', '0'], /"0" is not a number of ports/],
  ])('%j is a usage error: one sentence, exit 2, nothing scanned', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
