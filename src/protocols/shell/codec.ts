/** What a listener that hands out a command interpreter says: shell prompts and known backdoor banners. Pure. */

/** Bytes as text for evidence: printable ASCII kept, CR/LF as ⏎, the rest as '.', capped. */
export function printable(bytes: Uint8Array, max = 200): string {
  let s = '';
  for (const b of bytes.subarray(0, max))
    s += b === 0x0a ? '⏎' : b === 0x0d ? '' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return s.replace(/⏎+$/, '');
}

/** OSC (title) and CSI (colour, cursor) terminal escape sequences. */
const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
const ESCAPES = new RegExp(`${ESC}\\][^${BEL}]*${BEL}|${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');

/** A shell or backdoor recognised in what a port sent. */
export interface ShellSign {
  readonly kind:
    'windows-cmd' | 'windows-powershell' | 'unix-root-prompt' | 'unix-prompt' | 'shell-message' | 'backdoor-banner';
  /** What the peer sent that decided it, as printable text. */
  readonly match: string;
  /** The prompt is a superuser's (`#`, root@, Administrator). */
  readonly privileged: boolean;
}

const SIGNS: readonly { kind: ShellSign['kind']; re: RegExp; privileged?: (m: RegExpExecArray) => boolean }[] = [
  { kind: 'windows-cmd', re: /Microsoft Windows \[Version [\d.]+\]|\(c\) (?:\d{4} )?Microsoft Corp/i },
  { kind: 'windows-cmd', re: /(?:^|\n)[A-Z]:\\[^\n<>|]*>\s*$/, privileged: (m) => /\\system32/i.test(m[0]) },
  { kind: 'windows-powershell', re: /(?:^|\n)PS [A-Z]:\\[^\n]*>\s*$/ },
  {
    kind: 'shell-message',
    re: /\b(?:ba|z|k|da)?sh:(?: \d+:)? (?:no job control in this shell|cannot set terminal process group|can't access tty; job control turned off)/,
  },
  // user@host:path$ or # at the very end of what was sent, or sh-5.2$ / bash-5.1# style.
  {
    kind: 'unix-prompt',
    re: /(?:^|\n)[\w.-]+@[\w.-]+(?::[^\n]*)?\s?[$#]\s?$/,
    privileged: (m) => /#\s?$/.test(m[0]) || /(?:^|\n)root@/.test(m[0]),
  },
  { kind: 'unix-prompt', re: /(?:^|\n)(?:ba|z|k|da)?sh(?:-[\d.]+)?[$#]\s?$/, privileged: (m) => /#\s?$/.test(m[0]) },
  { kind: 'unix-prompt', re: /(?:^|\n)[$#] ?$/, privileged: (m) => m[0].includes('#') },
  { kind: 'shell-message', re: /(?:^|\n)uid=\d+\([\w.-]+\) gid=\d+/ },
  {
    kind: 'backdoor-banner',
    re: /\b(?:NetBus \d|GirlFriend|Back ?Orifice|SubSeven|Sub7Server|Blade Runner|Doly Trojan|NCx99|WinCrash|Hack'a'Tack|BackConstruction|Netsphere|Kuang2)\b/i,
  },
];

/**
 * The first sign of a shell in `text` (what the port sent, decoded as latin1), or null. Prompts only count at the
 * end of what was sent (a prompt waits for input); Windows banners, shell messages and trojan names anywhere.
 * @example detectShell('sh-5.2# ') // { kind: 'unix-prompt', match: 'sh-5.2# ', privileged: true }
 */
export function detectShell(text: string): ShellSign | null {
  // Terminal escape sequences (colour prompts, title setting) would hide the prompt's end.
  const clean = text.replace(ESCAPES, '').replace(/\r/g, '');
  for (const s of SIGNS) {
    const m = s.re.exec(clean);
    if (m === null) continue;
    const kind = s.kind === 'unix-prompt' && s.privileged?.(m) === true ? 'unix-root-prompt' : s.kind;
    return { kind, match: m[0].trim().slice(0, 120), privileged: s.privileged?.(m) ?? false };
  }
  return null;
}
