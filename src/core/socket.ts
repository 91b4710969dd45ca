/** A listening socket of this machine, as every inventory adapter reports it. */

/** Transport protocols a port can be on. */
export type Transport = 'tcp' | 'udp' | 'sctp';

/** A process that holds a socket. Several may share one (a server and its forked workers). */
export interface ProcessInfo {
  readonly pid: number;
  /** Short name (Linux: /proc/<pid>/comm; macOS: lsof COMMAND; Windows: image name). */
  readonly name: string;
  /** Full command line, or null when it cannot be read. */
  readonly command: string | null;
  /** Owner user name, or null when unknown. */
  readonly user: string | null;
}

/** A listening TCP socket or a bound, unconnected UDP socket. */
export interface ListeningSocket {
  readonly transport: 'tcp' | 'udp';
  readonly family: 4 | 6;
  /** Bind address in canonical text form: '0.0.0.0', '::', '127.0.0.1', '::ffff:10.1.2.3', 'fe80::1'. */
  readonly address: string;
  /** Interface name for a scoped (link-local) IPv6 address, or for a socket bound to a device; null otherwise. */
  readonly scope: string | null;
  readonly port: number;
  /** Owner uid of the socket when the platform tells it (Linux does, even without root); null otherwise. */
  readonly uid: number | null;
  /** User name of `uid`, when it could be resolved. */
  readonly user: string | null;
  /** Processes holding the socket; empty when they cannot be seen (another user's socket without root). */
  readonly processes: readonly ProcessInfo[];
  /** Platform-specific socket identity (Linux inode) for de-duplication; null when none. */
  readonly id: string | null;
}

/** Where inventory came from and what it could not see. */
export interface InventoryMeta {
  /** e.g. 'linux-procfs', 'macos-lsof', 'windows-netstat'. */
  readonly source: string;
  /** True when processes of other users may be missing (not running as root/administrator). */
  readonly partial: boolean;
}
