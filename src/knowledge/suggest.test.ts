import { describe, expect, it } from 'vitest';
import { editDistance, suggestNames } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('ftp', 'ftp')).toBe(0);
    expect(editDistance('ftpp', 'ftp')).toBe(1);
    expect(editDistance('tfp', 'ftp')).toBe(1);
    expect(editDistance('smnp', 'snmp')).toBe(1);
    expect(editDistance('smtp', 'snmp')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('suggestNames', () => {
  it('prefers curated names and close ones', () => {
    expect(suggestNames('ftpp', [['ftp', 'ssh'], ['ftps', 'tftp']])[0]).toBe('ftp');
    expect(suggestNames('redsi', [['redis']])).toEqual(['redis']);
  });
  it('offers names that extend the query', () => {
    expect(suggestNames('postgres', [['postgresql']])).toEqual(['postgresql']);
  });
  it('offers nothing when nothing is close', () => {
    expect(suggestNames('zzzzzz', [['ftp', 'ssh']])).toEqual([]);
  });
});
