import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTargetFile, splitTargetList } from './files.js';
import { Readable } from 'node:stream';
import { resolveNames, resolveTargets, type Lookup, type LookupAddress } from './resolve.js';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'targets');

/** A fake resolver: tests never query DNS. Records every name asked. */
function fakeLookup(table: Record<string, LookupAddress[]>): Lookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = (name: string): Promise<LookupAddress[]> => {
    asked.push(name);
    const found = table[name];
    return found === undefined ? Promise.reject(new Error(`ENOTFOUND ${name}`)) : Promise.resolve(found);
  };
  return Object.assign(lookup, { asked });
}

const lab = {
  'lab-host.test': [
    { address: '203.0.113.20', family: 4 },
    { address: '2001:db8:203::20', family: 6 },
    { address: '203.0.113.20', family: 4 },
  ],
  'lab-gw.test': [{ address: '127.0.0.2', family: 4 }],
  'lab-link.test': [{ address: '2001:db8:203::20%lab0', family: 6 }],
};

describe('resolveTargets', () => {
  it('resolves each name once and takes the first address by default', async () => {
    const lookup = fakeLookup(lab);
    const set = await resolveTargets(['lab-host.test 203.0.113.1', 'LAB-HOST.test.'], { allAddresses: false, lookup });
    expect([...set]).toEqual(['203.0.113.20', '203.0.113.1', '203.0.113.20']);
    expect(lookup.asked).toEqual(['lab-host.test']);
  });

  it('takes every address when asked, without duplicates', async () => {
    const set = await resolveTargets(['lab-host.test'], { allAddresses: true, lookup: fakeLookup(lab) });
    expect([...set]).toEqual(['203.0.113.20', '2001:db8:203::20']);
  });

  it('applies a /prefix to the resolved address and resolves excluded names too', async () => {
    const set = await resolveTargets(['lab-gw.test/30'], {
      allAddresses: false,
      lookup: fakeLookup(lab),
      excludes: ['lab-gw.test'],
    });
    expect([...set]).toEqual(['127.0.0.0', '127.0.0.1', '127.0.0.3']);
  });

  it('keeps the zone of a zoned answer', async () => {
    const set = await resolveTargets(['lab-link.test'], { allAddresses: false, lookup: fakeLookup(lab) });
    expect([...set]).toEqual(['2001:db8:203::20%lab0']);
  });

  it('refuses a name that does not resolve, naming it', async () => {
    await expect(
      resolveTargets(['missing.test'], { allAddresses: false, lookup: fakeLookup(lab) }),
    ).rejects.toMatchObject({
      code: 'BAD_TARGET',
      details: { key: 'targets.unresolved', params: { name: 'missing.test' } },
    });
    const empty = fakeLookup({ 'empty.test': [] });
    await expect(resolveTargets(['empty.test'], { allAddresses: true, lookup: empty })).rejects.toMatchObject({
      details: { key: 'targets.unresolved' },
    });
  });

  it('checks syntax before any lookup, and a prefix against the family found', async () => {
    const lookup = fakeLookup(lab);
    await expect(resolveTargets(['lab-host.test', '300.1.1.1'], { allAddresses: false, lookup })).rejects.toMatchObject(
      {
        details: { key: 'targets.badOctet' },
      },
    );
    expect(lookup.asked).toEqual([]);
    await expect(
      resolveTargets(['lab-gw.test/40'], { allAddresses: false, lookup: fakeLookup(lab) }),
    ).rejects.toMatchObject({ details: { key: 'targets.badPrefix' } });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      resolveNames(['lab-host.test'], { allAddresses: false, lookup: fakeLookup(lab), signal: controller.signal }),
    ).rejects.toThrow();
  });
});

describe('target files (-iL, --exclude-file)', () => {
  it('reads words separated by lines and spaces, without comments', async () => {
    expect(await readTargetFile(join(fixtures, 'hosts.txt'))).toEqual([
      '203.0.113.5',
      '198.51.100.0/30',
      '203.0.113.10-12',
      '2001:db8:203::1',
      'lab-host.test',
    ]);
    expect(splitTargetList('a b\r\n# c\n\td # e\n')).toEqual(['a', 'b', 'd']);
  });

  it('reads standard input for "-", as nmap -iL - does', async () => {
    const stdin = Readable.from([Buffer.from('203.0.113.5 # one\n'), Buffer.from('2001:db8:203::1\n')]);
    expect(await readTargetFile('-', stdin)).toEqual(['203.0.113.5', '2001:db8:203::1']);
    await expect(readTargetFile('-', Readable.from([Buffer.from('# nothing\n')]))).rejects.toThrow(/"-" lists nothing/);
  });

  it('feeds resolveTargets, with an exclude file', async () => {
    const set = await resolveTargets(await readTargetFile(join(fixtures, 'hosts.txt')), {
      allAddresses: false,
      lookup: fakeLookup(lab),
      excludes: await readTargetFile(join(fixtures, 'excludes.txt')),
    });
    expect(set.count).toBe(8n);
    expect([...set]).toEqual([
      '203.0.113.5',
      '198.51.100.0',
      '198.51.100.2',
      '198.51.100.3',
      '203.0.113.10',
      '203.0.113.12',
      '2001:db8:203::1',
      '203.0.113.20',
    ]);
  });

  it('refuses an empty or missing file with one sentence', async () => {
    await expect(readTargetFile(join(fixtures, 'comments-only.txt'))).rejects.toMatchObject({
      code: 'BAD_TARGET',
      details: { key: 'targets.emptyFile' },
    });
    await expect(readTargetFile(join(fixtures, 'absent.txt'))).rejects.toMatchObject({
      code: 'USAGE',
      details: { key: 'targets.fileNotFound' },
    });
  });
});
