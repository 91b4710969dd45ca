import { describe, expect, it } from 'vitest';
import { toolRead } from './assemble.js';
import { summarizeReads } from './status.js';

describe('summarizeReads', () => {
  it('names the rulesets read and says why the others were not', () => {
    const reads = [
      toolRead('nft', 'ok'),
      toolRead('iptables-save', 'permission', 'Permission denied (you must be root)'),
      toolRead('ip6tables-save', 'unparsable', 'ip6tables-save line 1 not understood: x'),
      toolRead('iptables-legacy-save', 'not-installed'),
    ];
    expect(summarizeReads({ tables: [], reads })).toEqual({
      read: ['nftables'],
      notRead: [
        { source: 'iptables-save', reason: 'permission', message: 'iptables-save needs root to read the firewall' },
        { source: 'ip6tables-save', reason: 'failed', message: 'ip6tables-save line 1 not understood: x' },
        { source: 'iptables-legacy-save', reason: 'not-installed', message: 'iptables-legacy-save is not installed' },
      ],
    });
  });
});
