import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { multiLineLength, multiLineLines, nntpProduct, parseCapabilities, parseNntpStatus } from './codec.js';

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/nntp/${name}`, import.meta.url), 'utf8').trim(), 'hex');

function session(bytes: Buffer): { greeting: string; caps: Map<string, string[]> } {
  const text = bytes.toString('latin1');
  const first = text.indexOf('\r\n') + 2;
  const second = text.indexOf('\r\n', first) + 2;
  const block = bytes.subarray(second);
  const n = multiLineLength(block);
  expect(n).toBeGreaterThan(0);
  return { greeting: text.slice(0, first), caps: parseCapabilities(multiLineLines(block.subarray(0, n))) };
}

describe('INN 2.7.1', () => {
  it('greets 200 with posting and lists POST and AUTHINFO USER', () => {
    const { greeting, caps } = session(fixture('inn-2.7.1-posting.hex'));
    expect(parseNntpStatus(greeting)?.code).toBe(200);
    expect(nntpProduct(greeting)).toEqual({ product: 'INN', version: '2.7.1' });
    expect(caps.has('POST')).toBe(true);
    expect(caps.get('AUTHINFO')).toContain('USER');
  });

  it('greets 201 read-only, without POST or AUTHINFO USER', () => {
    const { greeting, caps } = session(fixture('inn-2.7.1-readonly.hex'));
    expect(parseNntpStatus(greeting)?.code).toBe(201);
    expect(caps.has('POST')).toBe(false);
    expect(caps.get('AUTHINFO')).not.toContain('USER');
  });
});

describe('NNTP framing', () => {
  it('finds the end of a block, unstuffs dots, rejects non-status lines', () => {
    expect(multiLineLength(Buffer.from('A\r\n..B\r\n'))).toBe(-1);
    expect(multiLineLines(Buffer.from('A\r\n..B\r\n.\r\n'))).toEqual(['A', '.B']);
    expect(multiLineLength(Buffer.from('.\r\n'))).toBe(3);
    expect(parseNntpStatus('HTTP/1.0 400 Bad')).toBeNull();
    expect(parseNntpStatus('600 x')).toBeNull();
    expect(nntpProduct('200 Leafnode NNTP Daemon, v1.11.11 running at x')).toEqual({
      product: 'Leafnode',
      version: '1.11.11',
    });
  });
});
