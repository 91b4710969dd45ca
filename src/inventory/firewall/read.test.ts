import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PortwardenError } from '../../core/errors.js';
import type { CommandResult, CommandRunner } from '../exec.js';
import { readFirewall } from './read.js';
import { firewallVerdict } from './verdict.js';

const fixture = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/firewall/${path}`, import.meta.url)), 'utf8');

const missing = (file: string): PortwardenError =>
  new PortwardenError('INTERNAL', `${file} was not found`, { details: { tool: file, reason: 'tool-missing' } });

/** A runner that answers by program base name; a missing entry is a program that is not installed. */
function fake(answers: Record<string, CommandResult | Error>, calls: string[] = []): CommandRunner {
  return (file, args) => {
    calls.push([file, ...args].join(' '));
    const answer = answers[file.replace(/^.*\//, '')];
    if (answer === undefined) return Promise.reject(missing(file));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
}
const ok = (stdout: string, stderr = ''): CommandResult => ({ stdout, stderr, exitCode: 0 });
const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });
const tcp4 = (port: number) => ({ transport: 'tcp' as const, family: 4 as const, address: '0.0.0.0', port });

describe('readFirewall', () => {
  it('reads nft and both savers, and the verdicts follow', async () => {
    const calls: string[] = [];
    const rules = await readFirewall({
      run: fake(
        {
          nft: ok(fixture('both/nft.json')),
          'iptables-save': ok(fixture('both/iptables-save.txt')),
          'ip6tables-save': ok(fixture('both/ip6tables-save.txt')),
        },
        calls,
      ),
    });
    expect(calls).toEqual(['nft -j list ruleset', 'iptables-save', 'ip6tables-save']);
    expect(rules.reads.map((r) => [r.tool, r.status])).toEqual([
      ['nft', 'ok'],
      ['iptables-save', 'ok'],
      ['ip6tables-save', 'ok'],
    ]);
    expect(firewallVerdict(rules, tcp4(25)).verdict).toBe('blocked');
  });

  it('says "permission" for what a user without root gets, as the real tools print it', async () => {
    const rules = await readFirewall({
      run: fake({
        nft: fail(fixture('not-root/nft.stderr.txt')),
        'iptables-save': fail(fixture('not-root/iptables-save.stderr.txt'), 4),
        'ip6tables-save': fail(fixture('not-root/ip6tables-save.stderr.txt'), 4),
      }),
    });
    expect(rules.reads.map((r) => r.status)).toEqual(['permission', 'permission', 'permission']);
    expect(rules.reads[0]?.message).toBe('Operation not permitted (you must be root)');
    expect(firewallVerdict(rules, tcp4(22)).verdict).toBe('unknown');
  });

  it('looks in /usr/sbin and /sbin before calling a tool not installed', async () => {
    const calls: string[] = [];
    const rules = await readFirewall({ run: fake({}, calls) });
    expect(calls.filter((c) => c.includes('nft'))).toEqual([
      'nft -j list ruleset',
      '/usr/sbin/nft -j list ruleset',
      '/sbin/nft -j list ruleset',
    ]);
    expect(rules.reads.map((r) => r.status)).toEqual(['not-installed', 'not-installed', 'not-installed']);
    expect(firewallVerdict(rules, tcp4(22)).by).toBe('no firewall tool found (nft, iptables-save)');
  });

  it('understands "not installed" as `ip netns exec` reports it', async () => {
    const run: CommandRunner = (file) =>
      Promise.resolve(fail(`exec of "${file.replace(/^.*\//, '')}" failed: No such file or directory\n`, 255));
    expect((await readFirewall({ run })).reads.map((r) => r.status)).toEqual([
      'not-installed',
      'not-installed',
      'not-installed',
    ]);
  });

  it('turns timeouts, failures and nonsense into statuses', async () => {
    const rules = await readFirewall({
      run: fake({
        nft: new PortwardenError('INTERNAL', 'nft did not finish', { details: { reason: 'timeout' } }),
        'iptables-save': fail('iptables-save: some kernel trouble\n', 2),
        'ip6tables-save': ok('this is not a save file\n'),
      }),
    });
    expect(rules.reads.map((r) => [r.tool, r.status, r.message])).toEqual([
      ['nft', 'timeout', null],
      ['iptables-save', 'failed', 'iptables-save: some kernel trouble'],
      ['ip6tables-save', 'unparsable', 'ip6tables-save line 1 not understood: this is not a save file'],
    ]);
  });

  it('also reads the legacy backend when iptables-nft says legacy tables exist', async () => {
    const calls: string[] = [];
    const rules = await readFirewall({
      run: fake(
        {
          nft: ok(fixture('legacy/nft.json')),
          'iptables-save': ok(fixture('legacy/iptables-save.txt'), fixture('legacy/iptables-save.stderr.txt')),
          'ip6tables-save': ok(fixture('legacy/ip6tables-save.txt')),
          'iptables-legacy-save': ok(fixture('legacy/iptables-legacy-save.txt')),
        },
        calls,
      ),
    });
    expect(calls).toContain('iptables-legacy-save');
    expect(calls).not.toContain('ip6tables-legacy-save');
    expect(firewallVerdict(rules, tcp4(25)).by).toBe('iptables-legacy filter INPUT: -p tcp -m tcp --dport 25 -j DROP');
  });

  it('rejects with an AbortError when aborted, before or during the run', async () => {
    await expect(readFirewall({ run: fake({}), signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const hanging: CommandRunner = (_file, _args, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          const err = new Error('aborted');
          err.name = 'AbortError';
          reject(err);
        });
      });
    const pending = readFirewall({ run: hanging, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
