/** `--top-ports N` and `-F`: the first N ports of a ranking, ours (dist/top-ports.json) or a user's nmap-services. */
import { existsSync, readFileSync } from 'node:fs';
import { KnowledgeError, usageError } from '../core/errors.js';
import { readUserFile } from './files.js';
import { compiledTopPortsPath } from './paths.js';
import type { PortList, ScanTransport } from './ports.js';

/** Ports per transport, most likely open first. */
export interface PortRanking {
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

/** How many ports `-F` (fast scan) takes. */
export const FAST_PORT_COUNT = 100;
/** How many TCP ports a scan takes when no port option is given. */
export const DEFAULT_TOP_PORTS = 1000;

let ours: PortRanking | undefined;

/** portwarden's own ranking, from the file the build wrote (loaded once). */
export function defaultRanking(): PortRanking {
  if (ours !== undefined) return ours;
  if (!existsSync(compiledTopPortsPath)) {
    throw new KnowledgeError('KB_MISSING', `${compiledTopPortsPath} is missing; run "npm run build"`);
  }
  try {
    const data = JSON.parse(readFileSync(compiledTopPortsPath, 'utf8')) as { tcp: number[]; udp: number[] };
    ours = { tcp: data.tcp, udp: data.udp };
  } catch (cause) {
    throw new KnowledgeError('KB_MISSING', `cannot read ${compiledTopPortsPath}; run "npm run build"`, { cause });
  }
  return ours;
}

/**
 * The first `n` ports of a ranking for one transport, most likely first. Past the end of the ranking the
 * remaining ports follow in numeric order (1–65535), so `--top-ports 65535` means every port, as in nmap.
 * @example topPorts(3, 'tcp') // [80, 443, 22]
 */
export function topPorts(n: number, transport: ScanTransport, ranking: PortRanking = defaultRanking()): number[] {
  const ranked = ranking[transport];
  const out = ranked.slice(0, Math.max(0, n));
  if (out.length >= n) return out;
  const taken = new Set(ranked);
  for (let p = 1; p <= 65535 && out.length < n; p++) if (!taken.has(p)) out.push(p);
  return out;
}

/**
 * The top `n` ports of each transport asked for, as a sorted port list.
 * @example topPortList(100, ['tcp']) // the -F list: { tcp: [sorted 100 ports], udp: [] }
 */
export function topPortList(
  n: number,
  transports: readonly ScanTransport[],
  ranking: PortRanking = defaultRanking(),
): PortList {
  const pick = (tr: ScanTransport): number[] =>
    transports.includes(tr) ? topPorts(n, tr, ranking).sort((a, b) => a - b) : [];
  return { tcp: pick('tcp'), udp: pick('udp') };
}

/**
 * The value of `--top-ports`: a whole number from 1 to 65535.
 * @example parseTopPortsCount('200') // 200
 */
export function parseTopPortsCount(value: string): number {
  const text = value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 65535)
    throw usageError('BAD_PORT_SPEC', 'targets.badTopPorts', { value });
  return n;
}

/**
 * Rank ports by the open-frequency column of an nmap-services file (`name port/proto frequency # comment`),
 * highest first, ties by port number. Lines without a frequency count as 0; other protocols, comments
 * and malformed lines are skipped, as nmap itself does.
 * @example parseNmapServices('http 80/tcp 0.5\nssh 22/tcp 0.2\n') // { tcp: [80, 22], udp: [] }
 */
export function parseNmapServices(text: string): PortRanking {
  const freq = { tcp: new Map<number, number>(), udp: new Map<number, number>() };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const m = /^(\d{1,5})\/(tcp|udp)$/i.exec(fields[1] ?? '');
    if (m === null) continue;
    const port = Number(m[1]);
    if (port < 1 || port > 65535) continue;
    const f = fields[2] === undefined ? 0 : Number(fields[2]);
    if (!Number.isFinite(f) || f < 0) continue;
    const table = freq[(m[2] as string).toLowerCase() as ScanTransport];
    table.set(port, Math.max(f, table.get(port) ?? 0));
  }
  const rank = (table: Map<number, number>): number[] =>
    [...table].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([port]) => port);
  return { tcp: rank(freq.tcp), udp: rank(freq.udp) };
}

/**
 * Read a user's installed nmap-services file (only when asked: portwarden never ships nmap's data).
 * @example await readNmapServices('/usr/share/nmap/nmap-services')
 */
export async function readNmapServices(path: string): Promise<PortRanking> {
  const ranking = parseNmapServices(await readUserFile(path));
  if (ranking.tcp.length === 0 && ranking.udp.length === 0) {
    throw usageError('USAGE', 'targets.noNmapServices', { path });
  }
  return ranking;
}
