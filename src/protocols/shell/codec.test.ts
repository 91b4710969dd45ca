import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectShell, printable } from './codec.js';

const fixture = (name: string): string =>
  Buffer.from(
    readFileSync(new URL(`../../../test/fixtures/shell/${name}`, import.meta.url), 'utf8').trim(),
    'hex',
  ).toString('latin1');

describe('detectShell', () => {
  it('recognises the lab bind shells', () => {
    expect(detectShell(fixture('sh-1024.hex'))?.kind).toBe('shell-message');
    expect(detectShell(fixture('bash-99.hex'))?.match).toMatch(/^bash: /);
  });

  it('recognises prompts at the end of what was sent, and Windows banners', () => {
    expect(detectShell('sh-5.2# ')).toEqual({ kind: 'unix-root-prompt', match: 'sh-5.2#', privileged: true });
    expect(detectShell('\n$ ')).toMatchObject({ kind: 'unix-prompt', privileged: false });
    expect(detectShell('root@box:~# ')).toMatchObject({ kind: 'unix-root-prompt' });
    expect(detectShell('\x1b[01;32muser@box\x1b[00m:\x1b[01;34m~\x1b[00m$ ')).toMatchObject({ kind: 'unix-prompt' });
    expect(
      detectShell(
        'Microsoft Windows [Version 10.0.19045.3803]\r\n(c) Microsoft Corporation.\r\n\r\nC:\\Windows\\system32>',
      )?.kind,
    ).toBe('windows-cmd');
    expect(detectShell('C:\\>')?.kind).toBe('windows-cmd');
    expect(detectShell('PS C:\\Users\\x> ')?.kind).toBe('windows-powershell');
    expect(detectShell('uid=0(root) gid=0(root) groups=0(root)\n')?.kind).toBe('shell-message');
  });

  it('does not take ordinary banners for shells', () => {
    for (const banner of [
      '220 (vsFTPd 3.0.3)\r\n',
      'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n',
      'lab status service 1.0 - read only\r\n',
      '+OK Dovecot ready.\r\n',
      'price: 5 $ each\r\nmore text',
      'HTTP/1.1 400 Bad Request\r\n\r\n',
    ]) {
      expect(detectShell(banner)).toBeNull();
    }
  });

  it('prints bytes safely', () => {
    expect(printable(Uint8Array.of(0x41, 0x0d, 0x0a, 0x00, 0x42, 0x0a))).toBe('A⏎.B');
    expect(printable(new Uint8Array(1000).fill(0x41))).toHaveLength(200);
  });
});
