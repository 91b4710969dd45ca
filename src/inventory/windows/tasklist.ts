/** Parsing Windows `tasklist /fo csv /nh` (and `/v`): PID → image name and, with /v, user. */

/** One process as tasklist prints it. */
export interface TaskRow {
  readonly pid: number;
  readonly name: string;
  /** 'DOMAIN\\user' from `/v`; null without /v or when Windows will not say ('N/A', localised). */
  readonly user: string | null;
}

/**
 * Split one CSV record: fields in double quotes may hold commas ('"12,345 K"'), a doubled quote is a quote.
 * @example splitCsvLine('"a,b","1"') // ['a,b', '1']
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Parse `tasklist /fo csv /nh` (Image Name, PID, Session Name, Session#, Mem Usage) or the same with `/v`
 * (… Status, User Name, CPU Time, Window Title). A header line, if present, is skipped because its PID field
 * is not a number. The user column counts only when it has a backslash: 'N/A' is localised ('暂缺', 'Nicht zutreffend').
 * @example parseTasklist('"System","4","Services","0","144 K"\r\n').get(4) // { pid: 4, name: 'System', user: null }
 */
export function parseTasklist(text: string): Map<number, TaskRow> {
  const tasks = new Map<number, TaskRow>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const f = splitCsvLine(line.trim());
    const pidText = f[1] ?? '';
    if (f.length < 2 || !/^\d+$/.test(pidText)) continue;
    const userText = f.length >= 9 ? (f[6] ?? '') : '';
    tasks.set(Number(pidText), {
      pid: Number(pidText),
      name: f[0] ?? '',
      user: userText.includes('\\') ? userText : null,
    });
  }
  return tasks;
}
