/** Port lists in nmap's compact syntax, as nmap writes them in <scaninfo services="…">. */

/**
 * Sorted, deduplicated ports with runs collapsed into ranges.
 * @example compressPorts([80, 21, 22, 23]) // '21-23,80'
 */
export function compressPorts(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const start = sorted[i] as number;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(start === end ? String(start) : `${start}-${end}`);
    i++;
  }
  return parts.join(',');
}

/**
 * What a scan's report needs to describe it the way nmap does: the port lists and a command line that repeats it.
 * @example scanListParameters(['203.0.113.5'], { tcp: [22, 80], udp: [] }).command // 'portwarden scan 203.0.113.5 -p T:22,80'
 */
export function scanListParameters(
  targets: readonly string[],
  list: { readonly tcp: readonly number[]; readonly udp: readonly number[] },
): { tcpPorts: string; udpPorts: string; command: string } {
  const tcpPorts = compressPorts(list.tcp);
  const udpPorts = compressPorts(list.udp);
  const spec = [tcpPorts === '' ? '' : `T:${tcpPorts}`, udpPorts === '' ? '' : `U:${udpPorts}`].filter((x) => x !== '');
  const command = ['portwarden scan', ...targets, ...(spec.length > 0 ? ['-p', spec.join(',')] : [])];
  if (udpPorts !== '') command.push('--udp');
  return { tcpPorts, udpPorts, command: command.join(' ') };
}
