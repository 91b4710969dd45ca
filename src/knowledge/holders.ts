/** Which programs normally hold a port (knowledge/holders.yaml), as the audit queries it. */
import type { Holders } from './types.js';

/** Normalise a process name for matching: lower case, without a Windows ".exe". */
export function programKey(name: string): string {
  return name.toLowerCase().replace(/\.exe$/, '');
}

/**
 * Whether a program is a normal holder of a port: 'expected', 'any' (a forwarder or superserver),
 * 'unexpected', or 'unknown' when the knowledge base lists no holders for the port.
 * @example holderVerdict(holders, 22, 'sshd') // 'expected'
 */
export function holderVerdict(
  holders: Holders,
  port: number,
  program: string,
): 'expected' | 'any' | 'unexpected' | 'unknown' {
  const key = programKey(program);
  if (holders.anyPort.includes(key)) return 'any';
  const list = holders.ports[String(port)];
  if (list === undefined) return 'unknown';
  return list.some((n) => programKey(n) === key) ? 'expected' : 'unexpected';
}
