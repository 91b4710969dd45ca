/** The TCP connect scan engine: its public API. */
export { scanTcp, scanTcpBatches } from './engine.js';
export { defaultThreads, scanTcpSharded, shardingAvailable, type ShardOptions } from './workers.js';
export type { TcpProbe, TcpScanOptions } from './options.js';
export type { ConnectHandle, ConnectOutcome, Connector } from './connect.js';
export { TIMING_PRESETS, type TimingPreset } from './timing.js';
export { openFileLimit, socketBudget } from './limits.js';
export { loadNativeAddon, nativeUnavailableReason } from './native.js';
