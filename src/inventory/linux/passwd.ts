/** User names from /etc/passwd, read once: no NSS, no external dependency. */
import { readFileSync } from 'node:fs';

/**
 * Map uid → user name from the text of a passwd file. Comments, blank lines, NIS '+'/'-' entries and
 * malformed lines are skipped; for a uid listed twice the first name wins, as getpwuid(3) returns it.
 * @example parsePasswd('root:x:0:0:root:/root:/bin/bash\n').get(0) // 'root'
 */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const f = line.split(':');
    const name = f[0] ?? '';
    const uidText = f[2] ?? '';
    if (f.length < 4 || name === '' || !/^\d+$/.test(uidText)) continue;
    const uid = Number(uidText);
    if (!users.has(uid)) users.set(uid, name);
  }
  return users;
}

/**
 * Read and parse a passwd file; an unreadable or missing file gives an empty map (names then show as null).
 * Users known only to LDAP/SSSD are not resolved: the uid is still reported.
 * @example readPasswd().get(0) // 'root'
 */
export function readPasswd(path = '/etc/passwd'): Map<number, string> {
  try {
    return parsePasswd(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}
