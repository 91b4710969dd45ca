/**
 * Showing commands so that pasting them runs exactly the argument vector portwarden built: one quoting function per
 * shell, and the checks that refuse values no quoting makes safe (NUL, other control characters in names).
 */
import type { Command, Dialect } from './types.js';

const POSIX_PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument for POSIX sh: left alone when it has only safe characters, else in single quotes ('\'' for a quote).
 * Newlines stay inside the quotes, where sh keeps them literally.
 * @example shellQuote("it's $(id)") // `'it'\''s $(id)'`
 */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (POSIX_PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const PS_PLAIN = /^[A-Za-z0-9_.:/\\,-]+$/;

/**
 * One argument for PowerShell: parameter names (-Name) and plain words alone, anything else in single quotes, where
 * PowerShell expands nothing ('' for a quote). Smart quotes count as quotes in PowerShell, so they are doubled too.
 * @example powershellQuote("a'b") // "'a''b'"
 */
export function powershellQuote(arg: string): string {
  if (/^-[A-Za-z][A-Za-z0-9]*$/.test(arg) || (PS_PLAIN.test(arg) && !arg.startsWith('-') && arg !== '')) return arg;
  return `'${arg.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * One argument for cmd.exe (netsh, sc.exe): `key=value` keeps the key bare and quotes the value, as netsh's own
 * examples do. Values with characters cmd.exe cannot quote (", %, ^, newline) are refused: throws.
 * @example cmdQuote('name=portwarden block TCP 23') // 'name="portwarden block TCP 23"'
 */
export function cmdQuote(arg: string): string {
  if (/["%^\r\n\0]/.test(arg)) throw new Error(`cannot be quoted for cmd.exe: ${JSON.stringify(arg)}`);
  const kv = /^([A-Za-z]+=)(.*)$/.exec(arg);
  if (kv !== null) {
    const value = kv[2] as string;
    return /^[A-Za-z0-9_.:,/\\-]+$/.test(value) ? arg : `${kv[1] as string}"${value}"`;
  }
  return /^[A-Za-z0-9_.:,/\\=-]+$/.test(arg) ? arg : `"${arg}"`;
}

const QUOTERS: Readonly<Record<Dialect, (arg: string) => string>> = {
  posix: shellQuote,
  cmd: cmdQuote,
  powershell: powershellQuote,
};

/**
 * A command as a person pastes it into its shell.
 * @example displayCommand({ dialect: 'posix', argv: ['systemctl', 'disable', '--now', 'a b.service'] })
 * // "systemctl disable --now 'a b.service'"
 */
export function displayCommand(command: Command): string {
  if (command.script !== undefined) return command.script;
  const quote = QUOTERS[command.dialect];
  return command.argv.map((a, i) => (i === 0 ? a : quote(a))).join(' ');
}

/** NUL and C0/C1 control characters (newline included): never inside a name portwarden puts in a command. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `value` has no control characters (so it fits on one line and into every argument vector). */
export function isPrintable(value: string): boolean {
  return !CONTROL.test(value);
}

/**
 * A systemd unit name as systemd itself accepts them (unit-name.c): letters, digits, ":-_.\" and "@" for templates;
 * not starting with "-", which a command would read as an option.
 */
const UNIT_NAME =
  /^[A-Za-z0-9:_.\\][A-Za-z0-9:_.\\-]*(@[A-Za-z0-9:_.\\-]*)?\.(service|socket|scope|slice|target|mount|timer)$/;

/**
 * Whether `unit` is a valid systemd unit name; anything else (spaces, quotes, `$()`, newlines) is refused.
 * @example isUnitName('vsftpd.service') // true
 */
export function isUnitName(unit: string): boolean {
  return unit.length <= 255 && UNIT_NAME.test(unit);
}

/** A value shown inside a sentence: as is when printable and unquoted, else as a JSON string (escapes visible). */
export function showValue(value: string): string {
  return isPrintable(value) && !/["'`$\\]/.test(value) ? value : JSON.stringify(value);
}
