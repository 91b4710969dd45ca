// `portwarden fix` as a user runs it: plans from a saved run for every platform, in both languages and as JSON, and
// one clear sentence with exit code 2 for every bad input — before anything is changed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRun, socket } from './support/remediate-runs.js';
import { cli } from './cli-run.js';

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(new URL('../schema/fix-output.v1.schema.json', import.meta.url), 'utf8')) as object,
);

const dir = mkdtempSync(join(tmpdir(), 'pw-fix-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const runFile = join(dir, 'run.json');
writeFileSync(
  runFile,
  JSON.stringify(
    auditRun(
      [
        socket(23, '0.0.0.0', { pid: 700, name: 'inetd' }),
        socket(161, '0.0.0.0', { pid: 710, name: 'snmpd' }, 'udp'),
        socket(22, '0.0.0.0', { pid: 600, name: 'sshd' }),
        socket(631, '127.0.0.1', { pid: 500, name: 'cupsd' }),
      ],
      'saved-host',
    ),
  ),
);

describe('portwarden fix', () => {
  it('prints the plan of a saved run, with the commands of the platform asked for', () => {
    const nft = cli(['fix', '--from', runFile, '--platform', 'nftables']);
    expect(nft.err).toBe('');
    expect(nft.code).toBe(0);
    expect(nft.out).toContain('nft add rule inet portwarden input iifname');
    expect(nft.out).toContain('23/tcp');
    expect(nft.out).toContain('nft delete table inet portwarden');
    const win = cli(['fix', '--from', runFile, '--platform', 'windows', '--allow-from', '10.0.0.0/8', '--lang', 'zh']);
    expect(win.code).toBe(0);
    expect(win.out).toContain('netsh advfirewall firewall add rule name="portwarden: block TCP 23"');
    expect(win.out).toContain('Set-Service -Name TlntSvr -StartupType Disabled');
    expect(win.out).toContain('修复方案');
    for (const platform of ['iptables', 'ufw', 'firewalld', 'pf']) {
      const r = cli(['fix', '--from', runFile, '--platform', platform]);
      expect(r.code, platform).toBe(0);
    }
  });

  it('--json: the plan as data matching schema/fix-output.v1.schema.json, texts in both languages', () => {
    for (const platform of ['nftables', 'iptables', 'ufw', 'firewalld', 'windows', 'pf']) {
      const out = cli(['fix', '--from', runFile, '--platform', platform, '--allow-from', '10.0.0.0/8', '--json']);
      expect(out.code).toBe(0);
      expect(validate(JSON.parse(out.out)), JSON.stringify(validate.errors)).toBe(true);
    }
    const r = cli(['fix', '--from', runFile, '--platform', 'ufw', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as {
      schema: string;
      platform: string;
      actions: { port: number; decision: string; reasons: { zh: string }[] }[];
    };
    expect(plan.schema).toBe('portwarden.fix/1');
    expect(plan.platform).toBe('ufw');
    expect(plan.actions.find((a) => a.port === 23)?.decision).toBe('close');
    expect(plan.actions[0]?.reasons[0]?.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses bad input with one sentence and exit code 2', () => {
    const notRun = join(dir, 'audit.json');
    writeFileSync(notRun, JSON.stringify({ schema: 'portwarden.audit/1', items: [] }));
    const cases: [string[], RegExp][] = [
      [['fix', '--platform', 'iptables6'], /Unknown platform "iptables6"/],
      [['fix', '--allow-from', '10.0.0.0/33'], /not an IPv4 or IPv6 address or network/],
      [['fix', '--severity', 'urgent'], /urgent/],
      [['fix', '--apply', '--rollback', '--yes'], /cannot be used together/],
      [['fix', '--apply', '--from', runFile], /needs confirmation/],
      [['fix', '--from', join(dir, 'missing.json')], /Cannot read the run file/],
      [['fix', '--from', notRun], /not a run record/],
      [['fix', '--rollback', '--from', runFile, '--yes'], /takes no --from/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });

  it('will not apply a run of another machine', () => {
    const r = cli(['fix', '--from', runFile, '--apply', '--yes', '--platform', 'nftables']);
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
      expect(r.code).toBe(2);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not an audit of this machine \(host saved-host\)/);
  });
});
