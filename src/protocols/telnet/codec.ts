/** Telnet option negotiation (RFC 854, RFC 855): split IAC commands from data and answer every offer with a refusal. Pure. */

export const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;

export type TelnetVerb = 'DO' | 'DONT' | 'WILL' | 'WONT';

export interface TelnetNegotiation {
  readonly verb: TelnetVerb;
  readonly option: number;
}

export interface TelnetParse {
  /** The data bytes, IAC IAC unescaped to 255. */
  readonly data: Uint8Array;
  readonly negotiations: readonly TelnetNegotiation[];
  /** Options of the subnegotiations seen (IAC SB option … IAC SE). */
  readonly subnegotiations: readonly number[];
  /** Other commands (NOP, GA, AYT, …) by code. */
  readonly commands: readonly number[];
  /** A trailing, incomplete command: prepend it to the next bytes. */
  readonly rest: Uint8Array;
}

const VERBS: Record<number, TelnetVerb> = { [DO]: 'DO', [DONT]: 'DONT', [WILL]: 'WILL', [WONT]: 'WONT' };

/** Subnegotiations longer than this are treated as garbage and dropped. */
const MAX_SB = 4096;

/**
 * Parse what a Telnet peer sent.
 * @example parseTelnet(Uint8Array.of(255, 253, 24, 0x6c)) // { data: 'l', negotiations: [{ verb: 'DO', option: 24 }], … }
 */
export function parseTelnet(bytes: Uint8Array): TelnetParse {
  const data: number[] = [];
  const negotiations: TelnetNegotiation[] = [];
  const subnegotiations: number[] = [];
  const commands: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b !== IAC) {
      data.push(b);
      i++;
      continue;
    }
    const cmd = bytes[i + 1];
    if (cmd === undefined) break;
    if (cmd === IAC) {
      data.push(IAC);
      i += 2;
    } else if (cmd in VERBS) {
      const option = bytes[i + 2];
      if (option === undefined) break;
      negotiations.push({ verb: VERBS[cmd] ?? 'DONT', option });
      i += 3;
    } else if (cmd === SB) {
      let end = -1;
      for (let j = i + 2; j + 1 < bytes.length; j++) {
        if (bytes[j] === IAC && bytes[j + 1] === SE) {
          end = j;
          break;
        }
        if (bytes[j] === IAC && bytes[j + 1] === IAC) j++;
      }
      if (end < 0) {
        if (bytes.length - i > MAX_SB) {
          i = bytes.length;
          continue;
        }
        break;
      }
      const option = bytes[i + 2];
      if (option !== undefined) subnegotiations.push(option);
      i = end + 2;
    } else {
      commands.push(cmd);
      i += 2;
    }
  }
  return { data: Uint8Array.from(data), negotiations, subnegotiations, commands, rest: bytes.slice(i) };
}

/**
 * The refusals for a peer's offers and requests: DO x → WONT x, WILL x → DONT x. DONT and WONT need no answer
 * (the option is already off). A refusing client is always a valid Telnet client (RFC 854 §"General
 * considerations"): the server falls back to the network virtual terminal.
 * @example refuse([{ verb: 'DO', option: 24 }]) // Uint8Array [255, 252, 24]
 */
export function refuse(negotiations: readonly TelnetNegotiation[]): Uint8Array {
  const out: number[] = [];
  for (const n of negotiations) {
    if (n.verb === 'DO') out.push(IAC, WONT, n.option);
    else if (n.verb === 'WILL') out.push(IAC, DONT, n.option);
  }
  return Uint8Array.from(out);
}

const OPTIONS: Record<number, string> = {
  0: 'BINARY',
  1: 'ECHO',
  3: 'SUPPRESS-GO-AHEAD',
  5: 'STATUS',
  6: 'TIMING-MARK',
  24: 'TERMINAL-TYPE',
  31: 'NAWS',
  32: 'TERMINAL-SPEED',
  33: 'LFLOW',
  34: 'LINEMODE',
  35: 'X-DISPLAY-LOCATION',
  36: 'OLD-ENVIRON',
  37: 'AUTHENTICATION',
  38: 'ENCRYPT',
  39: 'NEW-ENVIRON',
};

/** The option's name (RFC 1700 / IANA telnet options), or its number. */
export function optionName(option: number): string {
  return OPTIONS[option] ?? String(option);
}

/** What the text before login tells about the system. */
export interface TelnetHints {
  readonly os: string | null;
  readonly hostname: string | null;
  readonly loginPrompt: boolean;
}

const OS: readonly RegExp[] = [
  // inetutils/BSD telnetd's own banner: "Linux 6.1.0-18-amd64 (host) (pts/0)", the system and release from uname.
  /(?:^|\n)((?:Linux|GNU\/Linux|FreeBSD|NetBSD|OpenBSD|SunOS|Darwin|AIX|HP-UX) [\w.+-]+) \([\w.-]+\) \((?:pts|tty)[\w/]*\)/,
  /\b(Debian GNU\/Linux [\w./]+)/,
  /\b(Ubuntu [\d.]+(?: LTS)?)/,
  /\b(CentOS(?: Linux| Stream)? (?:release )?[\d.]+)/i,
  /\b(Red Hat Enterprise Linux[\w ]* release [\d.]+)/i,
  /\b(Fedora(?: release)? \d+)/i,
  /\b(Raspbian GNU\/Linux \d+)/,
  /\b(FreeBSD\/\w+ \(\S+\))/,
  /\b(Kernel [\w.-]+ on an? [\w-]+)/,
  /\b(BusyBox v[\d.]+)/,
  /(Welcome to Microsoft Telnet Service)/,
  /(User Access Verification)/,
  /\b(MikroTik [\d.]+)/,
];

/**
 * OS, host name and whether a login prompt was shown, from the text a Telnet server sends before login.
 * @example telnetHints('Debian GNU/Linux 12\r\nvm login: ') // { os: 'Debian GNU/Linux 12', hostname: 'vm', loginPrompt: true }
 */
export function telnetHints(text: string): TelnetHints {
  let os: string | null = null;
  for (const re of OS) {
    const m = re.exec(text);
    if (m !== null) {
      os = m[1] === 'User Access Verification' ? 'Cisco IOS' : (m[1] ?? null);
      break;
    }
  }
  const prompt = /(?:^|\n)\s*([\w.-]+)? ?(?:login|username|user name|user)\s*:\s*$/i.exec(text.replace(/\r/g, ''));
  const loginPrompt = prompt !== null || /(?:login|username|password)\s*:\s*$/i.test(text.trimEnd() + ' ');
  return { os, hostname: prompt?.[1] ?? null, loginPrompt };
}
