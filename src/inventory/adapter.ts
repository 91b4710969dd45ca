/** The one interface every OS inventory implements, and the choice of adapter by platform. */
import { PortwardenError } from '../core/errors.js';
import type { InventoryMeta, ListeningSocket } from '../core/socket.js';
import { linuxAdapter, type LinuxAdapterOptions } from './linux/adapter.js';
import { macosAdapter, type MacosAdapterOptions } from './macos/adapter.js';
import { windowsAdapter, type WindowsAdapterOptions } from './windows/adapter.js';

/** Lists this machine's listening TCP sockets and bound, unconnected UDP sockets. */
export interface InventoryAdapter {
  /** Same as `meta().source`: 'linux-procfs', 'macos-lsof', 'windows-netstat'. */
  readonly source: string;
  /**
   * One snapshot, one socket at a time, in the order of `sortSockets`. Aborting the signal rejects the
   * pending step with an error named 'AbortError'. Each call takes a fresh snapshot.
   */
  list(signal?: AbortSignal): AsyncIterable<ListeningSocket>;
  /** Where the data came from and whether other users' processes may be missing. Settled after a `list` completes. */
  meta(): InventoryMeta;
}

/** Options for `chooseAdapter`, one slice per platform (tests inject fake roots and command runners here). */
export interface ChooseOptions {
  readonly linux?: LinuxAdapterOptions;
  readonly macos?: MacosAdapterOptions;
  readonly windows?: WindowsAdapterOptions;
}

/**
 * The adapter for a platform: Linux reads /proc, macOS runs lsof, Windows runs netstat and tasklist.
 * Any other platform is refused with a `PortwardenError` naming it.
 * @example for await (const s of chooseAdapter().list(signal)) console.log(s.transport, s.address, s.port)
 */
export function chooseAdapter(
  platform: NodeJS.Platform = process.platform,
  options: ChooseOptions = {},
): InventoryAdapter {
  switch (platform) {
    case 'linux':
    case 'android':
      return linuxAdapter(options.linux);
    case 'darwin':
      return macosAdapter(options.macos);
    case 'win32':
      return windowsAdapter(options.windows);
    default:
      throw new PortwardenError(
        'UNSUPPORTED_PLATFORM',
        `Listing local sockets is not supported on ${platform} yet (supported: Linux, macOS, Windows).`,
        { details: { platform, reason: 'unsupported-platform' } },
      );
  }
}

/**
 * Run one adapter to the end: every socket, then the meta that describes them.
 * @example const { sockets, meta } = await collectInventory(chooseAdapter(), AbortSignal.timeout(10_000))
 */
export async function collectInventory(
  adapter: InventoryAdapter,
  signal?: AbortSignal,
): Promise<{ sockets: ListeningSocket[]; meta: InventoryMeta }> {
  const sockets: ListeningSocket[] = [];
  for await (const s of adapter.list(signal)) sockets.push(s);
  return { sockets, meta: adapter.meta() };
}
