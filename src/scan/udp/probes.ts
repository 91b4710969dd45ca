/** The payload a UDP scan sends to each port, and how to read what comes back, per well-known port. */
import { parseDhcpReply, probeDhcp, type DhcpReply } from '../../protocols/dhcp/codec.js';
import { parseDnsReply, probeDns, type DnsReply } from '../../protocols/dns/codec.js';
import { parseNetbiosReply, probeNetbios, type NetbiosReply } from '../../protocols/netbios/codec.js';
import { parseNtpReply, probeNtp, type NtpReply } from '../../protocols/ntp/codec.js';
import { parseSnmpReply, probeSnmp, type SnmpReply } from '../../protocols/snmp/codec.js';
import { parseSunRpcReply, probeSunRpc, type SunRpcReply } from '../../protocols/sunrpc/codec.js';
import { parseTftpReply, probeTftp, type TftpReply } from '../../protocols/tftp/codec.js';
import { DNS_TYPE, parseDnsMessage, type DnsMessage } from '../../protocols/dns/codec.js';
import { encodeMdnsQuery, SERVICES_META } from '../../protocols/mdns/codec.js';
import { encodeMSearch, parseSsdpReply, type SsdpReply } from '../../protocols/ssdp/codec.js';

/** A source of random bytes (crypto.randomBytes by default; tests pass a fixed one to know the ids). */
export type RandomBytes = (size: number) => Uint8Array;

/** A reply decoded by the codec of the probe that caused it. */
export type UdpProbeReply =
  | { readonly service: 'dns'; readonly reply: DnsReply }
  | { readonly service: 'dhcp'; readonly reply: DhcpReply }
  | { readonly service: 'tftp'; readonly reply: TftpReply }
  | { readonly service: 'ntp'; readonly reply: NtpReply }
  | { readonly service: 'sunrpc'; readonly reply: SunRpcReply }
  | { readonly service: 'netbios-ns'; readonly reply: NetbiosReply }
  | { readonly service: 'snmp'; readonly reply: SnmpReply }
  | { readonly service: 'mdns'; readonly reply: DnsMessage }
  | { readonly service: 'ssdp'; readonly reply: SsdpReply };

/** The protocols a UDP probe can speak. */
export type UdpService = UdpProbeReply['service'];

/** One port's probe, with its random ids drawn once, so every retry is the same request. */
export interface UdpProbe {
  /** The service the payload speaks, or null for the empty datagram sent to other ports. */
  readonly service: UdpService | null;
  /**
   * The server answers from another port than the one probed (TFTP: a new transfer id), so the reply must be
   * read on an unconnected socket that shares the probing socket's local port.
   */
  readonly replyFromOtherPort: boolean;
  /** The datagram to send; `localAddress` is the probing socket's own address once connected. */
  payload(localAddress: string): Uint8Array;
  /** The reply decoded and matched to this probe's ids, or null when it is not an answer to this probe. */
  parse(reply: Uint8Array): UdpProbeReply | null;
}

/** The protocol payload sent to each well-known port; every other port gets an empty datagram. */
export const UDP_SERVICE_PORTS: ReadonlyMap<number, UdpService> = new Map<number, UdpService>([
  [53, 'dns'],
  [67, 'dhcp'],
  [69, 'tftp'],
  [111, 'sunrpc'],
  [123, 'ntp'],
  [137, 'netbios-ns'],
  [161, 'snmp'],
  [1900, 'ssdp'],
  [5353, 'mdns'],
]);

/** The file a TFTP probe asks for: a name no server should have, so the answer is an error, not a transfer. */
export const TFTP_PROBE_FILE = 'portwarden-probe.txt';

const u16 = (b: Uint8Array): number => ((b[0] ?? 0) << 8) | (b[1] ?? 0);
const u32 = (b: Uint8Array): number =>
  (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;

function fixed(payload: Uint8Array, parse: UdpProbe['parse'], service: UdpProbe['service']): UdpProbe {
  return { service, replyFromOtherPort: false, payload: () => payload, parse };
}

/**
 * The probe for `service` on a host of `family`: a DNS version.bind query, a DHCPINFORM (IPv4 only), a TFTP read
 * request, a portmapper GETPORT, an NTP v4 client request, a NetBIOS node status query or an SNMP v2c GetRequest
 * for sysDescr.0 with community 'public'; an empty datagram for null (and for DHCP over IPv6).
 * @example udpProbe('dns', 4, randomBytes).payload('203.0.113.1') // a version.bind CHAOS TXT query
 */
export function udpProbe(service: UdpService | null, family: 4 | 6, random: RandomBytes): UdpProbe {
  switch (service) {
    case 'dns': {
      const id = u16(random(2));
      return fixed(probeDns(id), (r) => wrap('dns', parseDnsReply(r, id)), 'dns');
    }
    case 'dhcp': {
      if (family === 6) break;
      const xid = u32(random(4));
      const chaddr = Uint8Array.from(random(6));
      // A locally administered unicast address, so it can never be a real card's.
      chaddr[0] = ((chaddr[0] ?? 0) | 0x02) & 0xfe;
      return {
        service: 'dhcp',
        replyFromOtherPort: false,
        // ciaddr = our own address: servers that trust it (dnsmasq) then answer our port rather than port 68.
        payload: (localAddress) =>
          probeDhcp({
            xid,
            chaddr,
            ...(/^\d+\.\d+\.\d+\.\d+$/.test(localAddress) && localAddress !== '0.0.0.0' && { ciaddr: localAddress }),
          }),
        parse: (r) => wrap('dhcp', parseDhcpReply(r, xid)),
      };
    }
    case 'tftp': {
      const payload = probeTftp(TFTP_PROBE_FILE);
      return {
        service: 'tftp',
        replyFromOtherPort: true,
        payload: () => payload,
        parse: (r) => wrap('tftp', parseTftpReply(r)),
      };
    }
    case 'sunrpc': {
      const xid = u32(random(4));
      return fixed(probeSunRpc(xid), (r) => wrap('sunrpc', parseSunRpcReply(r, xid)), 'sunrpc');
    }
    case 'ntp': {
      const nonce = Uint8Array.from(random(8));
      return fixed(probeNtp(nonce), (r) => wrap('ntp', parseNtpReply(r, nonce)), 'ntp');
    }
    case 'netbios-ns': {
      const id = u16(random(2));
      return fixed(probeNetbios(id), (r) => wrap('netbios-ns', parseNetbiosReply(r, id)), 'netbios-ns');
    }
    case 'snmp': {
      const id = u32(random(4)) & 0x7fffffff;
      return fixed(probeSnmp(id), (r) => wrap('snmp', parseSnmpReply(r, id)), 'snmp');
    }
    case 'mdns': {
      // A DNS-SD meta-query with the QU bit (RFC 6762 §5.4, §6.7): a responder answering a non-5353 port echoes
      // the id, like a unicast DNS server.
      const id = u16(random(2));
      const parse = (r: Uint8Array): UdpProbeReply | null => {
        const m = parseDnsMessage(r);
        return m !== null && m.response && m.id === id ? { service: 'mdns', reply: m } : null;
      };
      return fixed(encodeMdnsQuery(id, SERVICES_META, DNS_TYPE.PTR), parse, 'mdns');
    }
    case 'ssdp': {
      // A unicast M-SEARCH for everything (UPnP Device Architecture 1.1 §1.3.2); HOST names the SSDP group, as
      // devices expect whatever address the search arrives on.
      return fixed(encodeMSearch('239.255.255.250', 1900), (r) => wrap('ssdp', parseSsdpReply(r)), 'ssdp');
    }
    case null:
      break;
  }
  return fixed(new Uint8Array(0), () => null, null);
}

function wrap<S extends UdpProbeReply['service']>(
  service: S,
  reply: Extract<UdpProbeReply, { service: S }>['reply'] | null,
): UdpProbeReply | null {
  return reply === null ? null : ({ service, reply } as UdpProbeReply);
}
