/** Finger (RFC 1288): the query line and what a reply to the empty query (a user list) reveals. Pure. */

/**
 * The query line: `""` asks for everyone logged in ({C} ::= {CLRF} in RFC 1288 §2.3), a name for one user. `/W`
 * asks for verbose output. CR and LF in a name are refused.
 * @example fingerQuery('') // '\r\n'
 */
export function fingerQuery(user = '', verbose = false): string {
  if (/[\r\n]/.test(user)) throw new RangeError('a finger query is one line');
  return `${verbose ? '/W ' : ''}${user}\r\n`;
}

/** What a user-list reply shows. */
export interface FingerList {
  /** Login names listed, in order, without duplicates. */
  readonly users: readonly string[];
  /** The server said nobody is logged in. */
  readonly nobody: boolean;
  /** The reply refused the query (e.g. "finger: user listing disabled", "Access denied"). */
  readonly refused: boolean;
}

const HEADER = /^\s*Login\s+(?:Name|Real ?Name)\b/i;
const NOBODY = /no ?one (?:is )?logged on|nobody (?:is )?logged (?:on|in)|no users? (?:are )?logged/i;
const REFUSED = /refused|denied|disabled|not allowed|no user list|forbidden|please specify a user/i;

/**
 * Parse the reply to the empty query. Recognises the columnar listing of BSD/GNU finger and Solaris (a header line
 * starting "Login"), and long-format "Login: name Name: …" blocks.
 * @example parseFingerList('Login  Name  Tty\r\nroot   root  pts/0\r\n').users // ['root']
 */
export function parseFingerList(text: string, max = 100): FingerList {
  const lines = text.replace(/\r/g, '').split('\n');
  const users = new Set<string>();
  let inTable = false;
  for (const line of lines) {
    if (users.size >= max) break;
    if (HEADER.test(line)) {
      inTable = true;
      continue;
    }
    const long = /^Login(?: name)?:\s*([A-Za-z0-9._-]+)/i.exec(line);
    if (long?.[1] !== undefined) {
      users.add(long[1]);
      continue;
    }
    if (inTable) {
      const m = /^([A-Za-z0-9._-][A-Za-z0-9._$-]{0,31})\s+\S/.exec(line);
      if (m?.[1] !== undefined) users.add(m[1]);
      else if (line.trim() === '') inTable = false;
    }
  }
  return { users: [...users], nobody: NOBODY.test(text), refused: users.size === 0 && REFUSED.test(text) };
}
