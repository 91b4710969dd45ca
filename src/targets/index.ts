/** Target and port specs as lazy, indexable sets, and the keyed order a scan walks them in. */
export { parsePortSpec, type NamedPort, type PortList, type PortSpecOptions, type ScanTransport } from './ports.js';
export {
  DEFAULT_TOP_PORTS,
  FAST_PORT_COUNT,
  defaultRanking,
  parseNmapServices,
  parseTopPortsCount,
  readNmapServices,
  topPortList,
  topPorts,
  type PortRanking,
} from './top-ports.js';
export { parseTargets, targetWords, type TargetOptions, type TargetSet } from './targets.js';
export { resolveNames, resolveTargets, type Lookup, type LookupAddress, type ResolveOptions } from './resolve.js';
export { readTargetFile, readUserFile, splitTargetList } from './files.js';
export { Permutation, randomSeed, type Seed } from './permutation.js';
export { scanOrder, shardRange, type ScanOrder, type ScanPair } from './scan-order.js';
