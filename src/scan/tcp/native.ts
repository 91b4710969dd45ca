/**
 * The optional native connector: the same connect attempts as connect.ts, made by a small Node-API addon
 * (native-source.ts) whose threads run an epoll loop, so a socket costs its system calls and no JavaScript
 * object. It is compiled from source with the machine's own `cc` when the package is built (npm install runs
 * `prepare`, which runs scripts/build-native.ts), or else on first use into a cache, and loaded with
 * process.dlopen (no internal bindings). Where it cannot be built, the pure TypeScript connector is used.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyError, tcpConnect, type ConnectOutcome, type Connector } from './connect.js';
import { NATIVE_SOURCE } from './native-source.js';

interface Addon {
  open(threads: number, onBatch: (records: Int32Array) => void): unknown;
  submit(handle: unknown, id: number, host: string, port: number): number;
  cancel(handle: unknown, id: number): void;
  close(handle: unknown): void;
}

/** A native connector of one scan; `close` stops its threads (the scan does it when it ends). */
export interface NativeConnector {
  readonly connector: Connector;
  close(): void;
}

let addon: Addon | null | undefined;
let unavailable = '';

/** Directories where node_api.h may be. */
function headerDirs(): string[] {
  const prefix = dirname(dirname(process.execPath));
  return [join(prefix, 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
}

/** Where compiled addons are cached. */
function cacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(base, 'portwarden');
}

/** The addon's file name for this source and architecture: a changed source never loads a stale build. */
function addonFileName(): string {
  const hash = createHash('sha256').update(NATIVE_SOURCE).update(process.arch).digest('hex').slice(0, 16);
  return `tcp-connect-${hash}.node`;
}

/**
 * Where the package build puts the addon: dist/native beside dist/src (this file is dist/src/scan/tcp/native.js
 * there). Relative to this file, so the engine also loads when copied elsewhere (the benchmark compiles its own).
 */
export function packagedAddonPath(): string {
  return join(fileURLToPath(new URL('../../../native/', import.meta.url)), addonFileName());
}

/**
 * Compile the addon to `file` with the machine's `cc` and Node's own headers; throws with the reason when it
 * cannot (not Linux, no compiler, no headers). The file appears whole or not at all.
 */
export function buildNativeAddon(file: string): void {
  if (process.platform !== 'linux') throw new Error(`the native connector needs Linux, not ${process.platform}`);
  const include = headerDirs().find((d) => existsSync(join(d, 'node_api.h')));
  if (include === undefined) throw new Error('node_api.h not found (Node.js headers are not installed)');
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const src = `${tmp}.c`;
  writeFileSync(src, NATIVE_SOURCE);
  try {
    const flags = ['-O2', '-shared', '-fPIC', '-DNODE_GYP_MODULE_NAME=portwarden_tcp', `-I${include}`];
    execFileSync('cc', [...flags, '-o', tmp, src, '-lpthread'], { stdio: 'pipe', timeout: 60_000 });
    renameSync(tmp, file);
  } finally {
    rmSync(src, { force: true });
    rmSync(tmp, { force: true });
  }
}

/**
 * The addon, loaded on first call: the one built with the package, else one compiled now into the cache; null
 * when neither can be had (not Linux, no `cc`, no Node headers). `nativeUnavailableReason()` tells why.
 */
export function loadNativeAddon(): Addon | null {
  if (addon !== undefined) return addon;
  addon = null;
  try {
    let file = packagedAddonPath();
    if (!existsSync(file)) {
      file = join(cacheDir(), addonFileName());
      if (!existsSync(file)) buildNativeAddon(file);
    }
    addon = createRequire(import.meta.url)(file) as Addon;
  } catch (err) {
    unavailable = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
  }
  return addon;
}

/** Why the native connector is not available, or '' when it is (or has not been tried). */
export function nativeUnavailableReason(): string {
  return unavailable;
}

/** errno numbers to their names (ECONNREFUSED…), for classifyError. */
const ERRNO_NAMES = new Map<number, string>(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/**
 * A connector backed by the addon's `threads` native threads, or null when the addon is not available.
 * @example const n = openNativeConnector(2); if (n) { scan with n.connector; n.close(); }
 */
export function openNativeConnector(threads: number): NativeConnector | null {
  const a = loadNativeAddon();
  if (a === null) return null;
  const pending = new Map<number, (err: number, localPort: number, sameAddress: boolean) => void>();
  const handle = a.open(threads, (records) => {
    for (let i = 0; i < records.length; i += 4) {
      const id = records[i] as number;
      const cb = pending.get(id);
      if (cb === undefined) continue;
      pending.delete(id);
      cb(records[i + 1] as number, records[i + 2] as number, records[i + 3] === 1);
    }
  });
  let next = 0;
  let closed = false;
  const connector: Connector = (host, port, done) => {
    next = (next + 1) & 0x7fffffff;
    const id = next;
    if (closed || a.submit(handle, id, host, port) !== 0) return tcpConnect(host, port, done);
    pending.set(id, (err, localPort, sameAddress) => {
      const outcome: ConnectOutcome =
        err === 0
          ? { kind: 'open', localAddress: sameAddress ? host : undefined, localPort }
          : classifyError(ERRNO_NAMES.get(err));
      done(outcome);
    });
    return {
      cancel() {
        if (pending.delete(id) && !closed) a.cancel(handle, id);
      },
    };
  };
  return {
    connector,
    close() {
      if (closed) return;
      closed = true;
      pending.clear();
      a.close(handle);
    },
  };
}
