// Reads a hex fixture captured from a lab daemon (test/fixtures/<proto>/<name>.hex); several datagrams one per line.
import { readFileSync } from 'node:fs';

export function hexFixture(proto: string, name: string): Buffer {
  return Buffer.from(readFileSync(new URL(`../fixtures/${proto}/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');
}

export function hexFixtureLines(proto: string, name: string): Buffer[] {
  return readFileSync(new URL(`../fixtures/${proto}/${name}.hex`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Buffer.from(l, 'hex'));
}
