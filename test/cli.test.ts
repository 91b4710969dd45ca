// The installed command, run as a user runs it: a child process on the built package.
import { describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';

describe('portwarden explain (CLI)', () => {
  it('prints a complete Chinese entry for 135', () => {
    const r = cli(['explain', '135', '--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const heading of ['用途', '工作方式', '可被访问时的风险', '弱点', '建议', '参考资料'])
      expect(r.out).toContain(heading);
    expect(r.out).toContain('MS03-026');
  });

  it('takes the language from LANG when --lang is absent, and --lang wins', () => {
    expect(cli(['explain', '21'], { LANG: 'zh_CN.UTF-8' }).out).toContain('用途');
    expect(cli(['explain', '21'], { LANG: 'en_US.UTF-8' }).out).toContain('Purpose');
    expect(cli(['--lang=en', 'explain', '21'], { LANG: 'zh_CN.UTF-8' }).out).toContain('Purpose');
  });

  it('writes no colour when piped, and none with NO_COLOR even when forced', () => {
    expect(cli(['explain', '21']).out).not.toContain('\u001b[');
    expect(cli(['explain', '21'], { FORCE_COLOR: '1' }).out).toContain('\u001b[');
    expect(cli(['explain', '21'], { FORCE_COLOR: '1', NO_COLOR: '1' }).out).not.toContain('\u001b[');
  });

  it('prints JSON tagged with its schema version', () => {
    const r = cli(['explain', '21,23,25', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { schema: string; items: { port: number }[] };
    expect(json.schema).toBe('portwarden.explain/1');
    expect(json.items.map((i) => i.port)).toEqual([21, 23, 25]);
  });

  it('prints a range table', () => {
    const r = cli(['explain', '1-30']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^21\/tcp\s+ftp/m);
  });

  it.each([
    [['explain', '70000'], /"70000" is not a port: ports run from 0 to 65535\./],
    [['explain', '30-1'], /first port must not be greater/],
    [['explain', 'ftpp'], /No service is called "ftpp"\. Did you mean: ftp/],
    [['explain', 'qqqqqqqqqq'], /no known name is close/],
    [['explain', '21', '--lang', 'fr'], /"fr" is not a supported language/],
    [['explain', '21', '--bogus'], /Unknown option --bogus/],
    [['explain'], /Missing argument/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('%j is a usage error: one sentence, exit code 2', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.err).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  it('says usage errors in Chinese too', () => {
    const r = cli(['explain', '70000', '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不是有效端口');
  });

  it('shows localised help', () => {
    const zh = cli(['--help', '--lang', 'zh']);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('用法：');
    expect(zh.out).toContain('explain');
    expect(cli(['explain', '--help']).out).toContain('Usage:');
  });

  it('prints its version', () => {
    expect(cli(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
