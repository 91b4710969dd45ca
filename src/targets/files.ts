/** Reading the files a user names (`-iL`, `--exclude-file`, an nmap-services file): bad paths are usage errors. */
import { readFile } from 'node:fs/promises';
import { usageError } from '../core/errors.js';

/** Read a whole stream as UTF-8 text. */
async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text of a file the user named, `-` being standard input (as nmap's `-iL -`); a missing or unreadable file is
 * one clear sentence (exit code 2).
 * @example await readUserFile('targets.txt')
 */
export async function readUserFile(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (path === '-') return readStream(stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError('USAGE', 'targets.fileNotFound', { path });
    throw usageError('USAGE', 'targets.fileUnreadable', { path });
  }
}

/**
 * The whitespace-separated words of a target list: one or more per line, `#` starts a comment (nmap's -iL).
 * A file with no words is a usage error, not an empty scan.
 * @example await readTargetFile('hosts.txt') // ['203.0.113.5', '198.51.100.0/24']
 */
export async function readTargetFile(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const words = splitTargetList(await readUserFile(path, stdin));
  if (words.length === 0) throw usageError('BAD_TARGET', 'targets.emptyFile', { path });
  return words;
}

/** The words of a target list's text, comments removed. */
export function splitTargetList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((w) => w !== '');
}
