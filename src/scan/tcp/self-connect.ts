/**
 * TCP self-connects. Connecting to a port of the machine's own address from the ephemeral range can pick that
 * very port as the local port; Linux then completes a "simultaneous open" with itself and connect() succeeds
 * although nothing listens. Such a socket is not an open port: the port is free (no listener holds it, or the
 * kernel could not have chosen it as a local port).
 */

/**
 * Whether a connected socket is connected to itself.
 * @example isSelfConnect('127.0.0.1', 40000, '127.0.0.1', 40000) // true
 */
export function isSelfConnect(
  localAddress: string | undefined,
  localPort: number | undefined,
  remoteAddress: string,
  remotePort: number,
): boolean {
  if (localPort !== remotePort || localAddress === undefined) return false;
  return normalise(localAddress) === normalise(remoteAddress);
}

/** '::ffff:127.0.0.1' and '127.0.0.1' are the same endpoint for this purpose; IPv6 case does not matter. */
function normalise(address: string): string {
  const a = address.toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
