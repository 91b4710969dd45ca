import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/inventory/support.js';
import { parseTasklist, splitCsvLine } from './tasklist.js';

describe('splitCsvLine', () => {
  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(splitCsvLine('"Dev Server, Inc. Helper.exe","5544","Console","1","44,880 K"')).toEqual([
      'Dev Server, Inc. Helper.exe',
      '5544',
      'Console',
      '1',
      '44,880 K',
    ]);
    expect(splitCsvLine('"say ""hi""",x,')).toEqual(['say "hi"', 'x', '']);
  });
});

describe('parseTasklist', () => {
  it('reads /v output without elevation: users only for the caller, N/A otherwise', () => {
    const tasks = parseTasklist(fixtureText('windows', 'tasklist-v-en.csv'));
    expect(tasks.get(0)).toEqual({ pid: 0, name: 'System Idle Process', user: null });
    expect(tasks.get(4)).toEqual({ pid: 4, name: 'System', user: null });
    expect(tasks.get(5544)).toEqual({ pid: 5544, name: 'Dev Server, Inc. Helper.exe', user: 'DESKTOP-7Q2K9LM\\alice' });
    expect(tasks.get(7788)).toEqual({ pid: 7788, name: '微信.exe', user: 'DESKTOP-7Q2K9LM\\alice' });
    expect(tasks.get(9120)?.name).toBe('chrome.exe');
    expect(tasks.size).toBe(13);
  });
  it('reads localised /v output run elevated', () => {
    const tasks = parseTasklist(fixtureText('windows', 'tasklist-v-de.csv'));
    expect(tasks.get(0)).toEqual({ pid: 0, name: 'Leerlaufprozess', user: 'NT-AUTORITÄT\\SYSTEM' });
    expect(tasks.get(5120)?.user).toBe('BÜRO-PC\\jürgen');
  });
  it('reads output without /v (no user column) and skips a header', () => {
    const text =
      '"Image Name","PID","Session Name","Session#","Mem Usage"\r\n' + fixtureText('windows', 'tasklist-en.csv');
    const tasks = parseTasklist(text);
    expect(tasks.size).toBe(4);
    expect(tasks.get(5544)).toEqual({ pid: 5544, name: 'Dev Server, Inc. Helper.exe', user: null });
  });
});
