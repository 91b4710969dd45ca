import { describe, expect, it } from 'vitest';
import type { ListeningSocket } from '../../core/socket.js';
import { mergeRows } from '../merge.js';
import { fixtureText } from '../../../test/fixtures/inventory/support.js';
import { parseLsof, parseLsofFields, parseLsofName, parseLsofTable, unescapeLsof } from './lsof.js';

function summary(s: ListeningSocket): string {
  const addr = s.family === 6 ? `[${s.address}${s.scope === null ? '' : `%${s.scope}`}]` : s.address;
  const procs = s.processes.map((p) => `${p.pid}:${p.name}:${p.user ?? '?'}`).join(',');
  return `${s.transport} ${addr}:${s.port} uid=${s.uid ?? '?'} [${procs}]`;
}

describe('unescapeLsof', () => {
  it('decodes escaped UTF-8 bytes, spaces and backslashes', () => {
    expect(unescapeLsof('\\xe5\\xbe\\xae\\xe4\\xbf\\xa1')).toBe('微信');
    expect(unescapeLsof('Code\\x20Help')).toBe('Code Help');
    expect(unescapeLsof('a\\\\b')).toBe('a\\b');
    expect(unescapeLsof('plain ✓')).toBe('plain ✓');
    expect(unescapeLsof('bad\\xZZ')).toBe('bad\\xZZ');
  });
});

describe('parseLsofName', () => {
  it('reads wildcards by socket type, brackets, mapped and KAME-scoped addresses', () => {
    expect(parseLsofName('*:22', 'IPv4')).toEqual({ address: '0.0.0.0', family: 4, scope: null, port: 22 });
    expect(parseLsofName('*:22', 'IPv6')).toEqual({ address: '::', family: 6, scope: null, port: 22 });
    expect(parseLsofName('[::1]:631', 'IPv6')).toEqual({ address: '::1', family: 6, scope: null, port: 631 });
    expect(parseLsofName('[::ffff:127.0.0.1]:8000', 'IPv6')).toMatchObject({ address: '::ffff:127.0.0.1', family: 6 });
    expect(parseLsofName('[fe80:4::aede:48ff:fe00:1122]:123', 'IPv6')).toEqual({
      address: 'fe80::aede:48ff:fe00:1122',
      family: 6,
      scope: '4',
      port: 123,
    });
    expect(parseLsofName('[fe80::1%lo0]:123', 'IPv6')).toEqual({
      address: 'fe80::1',
      family: 6,
      scope: 'lo0',
      port: 123,
    });
  });
  it('refuses connected and unbound sockets', () => {
    expect(parseLsofName('10.0.0.23:61234->10.0.0.1:53', 'IPv4')).toBeNull();
    expect(parseLsofName('*:*', 'IPv6')).toBeNull();
    expect(parseLsofName('localhost:ipp', 'IPv4')).toBeNull(); // without -nP: names, not numbers
  });
});

const FIELD_SOCKETS = [
  'tcp 0.0.0.0:22 uid=0 [1:launchd:root]',
  'tcp [::]:22 uid=0 [1:launchd:root]',
  'tcp 127.0.0.1:631 uid=0 [512:cupsd:root]',
  'tcp [::1]:631 uid=0 [512:cupsd:root]',
  'tcp 127.0.0.1:3000 uid=501 [1001:node:alice,1002:node:alice]',
  'tcp 127.0.0.1:5432 uid=502 [1187:postgres:?]',
  'tcp [::1]:5432 uid=502 [1187:postgres:?]',
  'tcp [::ffff:127.0.0.1]:8000 uid=501 [901:Python:alice]',
  'tcp 127.0.0.1:14013 uid=501 [845:微信:alice]',
  'tcp 0.0.0.0:49152 uid=501 [398:rapportd:alice]',
  'tcp [::]:49152 uid=501 [398:rapportd:alice]',
  'tcp 127.0.0.1:54321 uid=501 [733:Code Helper (Plugin):alice]',
  'udp 0.0.0.0:123 uid=266 [620:timed:_timed]',
  'udp [fe80::aede:48ff:fe00:1122%4]:123 uid=266 [620:timed:_timed]',
  'udp 0.0.0.0:5353 uid=65 [312:mDNSResponder:_mdnsresponder]',
  'udp [::]:5353 uid=65 [312:mDNSResponder:_mdnsresponder]',
  'udp 0.0.0.0:58823 uid=501 [845:微信:alice]',
];

describe('parseLsofFields', () => {
  it('reads the field-output fixture into one socket per kernel socket', () => {
    const sockets = mergeRows(parseLsofFields(fixtureText('macos', 'lsof-fields.txt')));
    expect(sockets.map(summary)).toEqual(FIELD_SOCKETS);
    expect(sockets.find((s) => s.port === 3000)?.id).toBe('0x3c1f5d2a8b7d8e57');
  });
  it('accepts CRLF and ignores fields it did not ask for', () => {
    const text = 'p7\r\ncsshd\r\ng7\r\nR1\r\nu0\r\nLroot\r\nf3\r\nau\r\ntIPv4\r\nPTCP\r\nn*:22\r\nTST=LISTEN\r\n';
    expect(parseLsofFields(text)).toEqual([
      {
        transport: 'tcp',
        family: 4,
        address: '0.0.0.0',
        scope: null,
        port: 22,
        uid: 0,
        user: 'root',
        id: null,
        process: { pid: 7, name: 'sshd', command: null, user: 'root' },
      },
    ]);
  });
  it('gives nothing for empty output (lsof found no sockets)', () => {
    expect(parseLsofFields('')).toEqual([]);
  });
});

describe('parseLsofTable', () => {
  it('reads the table fixture, anchored on the NODE column', () => {
    const sockets = mergeRows(parseLsofTable(fixtureText('macos', 'lsof-table.txt')));
    expect(sockets.map(summary)).toEqual([
      'tcp 0.0.0.0:22 uid=? [1:launchd:root]',
      'tcp [::]:22 uid=? [1:launchd:root]',
      'tcp 127.0.0.1:631 uid=? [512:cupsd:root]',
      'tcp [::1]:631 uid=? [512:cupsd:root]',
      'tcp 127.0.0.1:3000 uid=? [1001:node:alice,1002:node:alice]',
      'tcp [::1]:5432 uid=502 [1187:postgres:?]',
      'tcp 127.0.0.1:14013 uid=? [845:微信:alice]',
      'tcp 0.0.0.0:49152 uid=? [398:rapportd:alice]',
      'tcp [::]:49152 uid=? [398:rapportd:alice]',
      'tcp 127.0.0.1:54321 uid=? [733:Code Help:alice]',
      'udp [fe80::aede:48ff:fe00:1122%4]:123 uid=? [620:timed:_timed]',
      'udp 0.0.0.0:5353 uid=? [312:mDNSRespo:_mdnsresponder]',
      'udp [::]:5353 uid=? [312:mDNSRespo:_mdnsresponder]',
    ]);
  });
  it('is chosen by parseLsof when the header is there', () => {
    expect(parseLsof(fixtureText('macos', 'lsof-table.txt'))).toHaveLength(14); // rows: node's shared socket twice
    expect(parseLsof(fixtureText('macos', 'lsof-fields.txt'))).toHaveLength(18);
  });
});
