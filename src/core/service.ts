/** What answers on a port: the result of service identification (like nmap -sV). */

export interface ServiceInfo {
  /** Service name in IANA / nmap vocabulary: 'ftp', 'smtp', 'http', 'ssh', 'domain', … */
  readonly service: string;
  readonly product?: string;
  readonly version?: string;
  /** Anything else the service told (OS hints, host name, protocol version). */
  readonly extraInfo?: string;
  /** CPE names, e.g. 'cpe:/a:beasts:vsftpd:3.0.3'. */
  readonly cpe?: readonly string[];
  /** The service speaks inside TLS from the first byte (https, imaps, …). */
  readonly tls: boolean;
  /** How it was concluded: a probe's answer matched a signature, a banner matched, or only the port number. */
  readonly method: 'probe' | 'banner' | 'port';
  /** 0–10, as nmap's: 10 = certain from a protocol answer, 3 = only the port number. */
  readonly confidence: number;
  /** The first line(s) the service sent, printable and capped. */
  readonly banner?: string;
}
