/** What `portwarden scan` is asked to do, from its flags, or from a saved state when it resumes. */
import { usageError } from '../core/errors.js';
import { ianaByName } from '../knowledge/iana.js';
import { sameRequest, type ScanRequest, type ScanState } from '../pipeline/scan-state.js';
import {
  DEFAULT_TOP_PORTS,
  FAST_PORT_COUNT,
  parsePortSpec,
  parseTopPortsCount,
  randomSeed,
  readTargetFile,
  splitTargetList,
  topPortList,
  topPorts,
} from '../targets/index.js';

export interface ScanSpecFlags {
  ports?: string;
  topPorts?: string;
  fast?: boolean;
  udp?: boolean;
  inputList?: string;
  exclude?: string;
  excludeFile?: string;
  allAddresses?: boolean;
  seed?: string;
  resume?: string;
}

/**
 * The request of the flags. With a saved state: the saved request when the command names no targets,
 * else the flags' request, which must then be the saved one (same targets, ports and seed).
 */
export async function scanRequest(
  specs: readonly string[],
  flags: ScanSpecFlags,
  saved: ScanState | null,
): Promise<ScanRequest> {
  // Targets: words on the command line, then -iL; excludes from --exclude and --exclude-file.
  const words = [...specs];
  if (flags.inputList !== undefined) words.push(...(await readTargetFile(flags.inputList)));
  if (words.length === 0 && saved !== null) return saved.request;
  if (words.length === 0) throw usageError('BAD_TARGET', 'targets.emptyTargets');
  const excludes = flags.exclude === undefined ? [] : splitTargetList(flags.exclude.replaceAll(',', ' '));
  if (flags.excludeFile !== undefined) excludes.push(...(await readTargetFile(flags.excludeFile)));

  const transports: ('tcp' | 'udp')[] = flags.udp === true ? ['tcp', 'udp'] : ['tcp'];
  let list: { tcp: readonly number[]; udp: readonly number[] };
  if (flags.ports !== undefined) {
    list = parsePortSpec(flags.ports, { defaultTransports: transports, serviceLookup: ianaByName });
  } else {
    const n =
      flags.topPorts !== undefined
        ? parseTopPortsCount(flags.topPorts)
        : flags.fast === true
          ? FAST_PORT_COUNT
          : DEFAULT_TOP_PORTS;
    list = topPortList(n, transports);
    // UDP probes are slow (no answer means waiting): the default UDP list is the top 100.
    if (flags.udp === true && flags.topPorts === undefined) list = { ...list, udp: topPorts(100, 'udp') };
  }
  const request: ScanRequest = {
    targets: words,
    excludes,
    allAddresses: flags.allAddresses === true,
    tcp: list.tcp,
    udp: list.udp,
    // A resumed scan keeps its order: the saved seed unless another one is asked for.
    seed: flags.seed ?? saved?.request.seed ?? randomSeed(),
  };
  if (saved !== null && !sameRequest(saved.request, request)) {
    throw usageError('USAGE', 'scan.resume.other', { file: flags.resume ?? '' });
  }
  return request;
}
