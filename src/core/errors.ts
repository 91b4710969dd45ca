/** The one error hierarchy of portwarden: every error carries a stable `code`. */
import { t, type MessageKey } from './i18n.js';

/** Codes a caller may branch on. Usage errors map to exit code 2 at the CLI. */
export type ErrorCode =
  | 'USAGE'
  | 'BAD_PORT_SPEC'
  /** A target spec (address, network, range, host name or target file) is malformed or unusable. */
  | 'BAD_TARGET'
  | 'UNKNOWN_SERVICE'
  | 'KB_INVALID'
  | 'KB_MISSING'
  /** A program portwarden needs (lsof, netstat, nft…) is not installed. */
  | 'TOOL_MISSING'
  /** A program portwarden ran failed, timed out or printed too much. */
  | 'COMMAND_FAILED'
  /** /proc (or a file in it) cannot be read. */
  | 'PROCFS_UNREADABLE'
  /** The operation has no implementation for this operating system. */
  | 'UNSUPPORTED_PLATFORM'
  /** A network peer did not answer in time (check and identification I/O). */
  | 'TIMEOUT'
  /** A connection failed or was closed or reset by the peer. */
  | 'NETWORK'
  /** A peer's reply broke its protocol: malformed, truncated, or larger than the cap allows. */
  | 'BAD_REPLY'
  /** The history store cannot be opened, read or written. */
  | 'STORE'
  | 'INTERNAL';

/** Base class; `code` is stable, `message` is English for logs (the CLI localises by code and details). */
export class PortwardenError extends Error {
  readonly code: ErrorCode;
  /** Values the message was built from, so a front end can render it in another language. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Bad input from the user: a malformed spec, an unknown name, a bad flag. Exit code 2. */
export class UsageError extends PortwardenError {}

/** The knowledge base failed validation or could not be read. */
export class KnowledgeError extends PortwardenError {}

/** True for errors that the CLI reports as usage errors (exit code 2). */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof UsageError;
}

/**
 * A usage error whose message comes from the catalogue, so the CLI can show it in the user's language.
 * @example usageError('BAD_PORT_SPEC', 'error.portOutOfRange', { token: '70000' })
 */
export function usageError(code: ErrorCode, key: MessageKey, params: Record<string, string | number> = {}): UsageError {
  return new UsageError(code, t('en', key, params), { details: { key, params } });
}

/** Network trouble talking to a service: timeouts, resets, malformed or oversized replies. Becomes an `error` result. */
export class NetworkError extends PortwardenError {}
