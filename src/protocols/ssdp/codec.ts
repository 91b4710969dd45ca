/**
 * SSDP and UPnP descriptions (UPnP Device Architecture 1.1/2.0): the M-SEARCH request, the HTTPU reply to it
 * (an HTTP/1.1 200 head in one datagram), the LOCATION URL it points to, and the fields of the XML device
 * description found there. Pure functions; the XML is read with bounded patterns, never evaluated or expanded.
 */
import { decodeEntities, header, parseResponse } from '../http/codec.js';

/**
 * A unicast M-SEARCH (UDA 1.1 §1.3.2): HOST names the target itself, MX is kept for devices that insist on it.
 * @example encodeMSearch('203.0.113.219', 1900) // 'M-SEARCH * HTTP/1.1\r\nHOST: 203.0.113.219:1900\r\n…'
 */
export function encodeMSearch(host: string, port: number, st = 'ssdp:all', mx = 1): Uint8Array {
  const h = host.includes(':') ? `[${host}]` : host;
  return Buffer.from(
    `M-SEARCH * HTTP/1.1\r\nHOST: ${h}:${String(port)}\r\nMAN: "ssdp:discover"\r\nMX: ${String(mx)}\r\nST: ${st}\r\n` +
      'USER-AGENT: portwarden UPnP/1.1 portwarden/1\r\n\r\n',
    'latin1',
  );
}

/** One search response. Header values are latin1 text, control characters removed, at most 512 characters. */
export interface SsdpReply {
  readonly st: string | null;
  readonly usn: string | null;
  readonly location: string | null;
  readonly server: string | null;
}

/** C0 controls and DEL: removed from anything a peer sends before it is shown. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f]/g;

const clean = (v: string | undefined): string | null =>
  v === undefined ? null : v.replace(CONTROLS, '').trim().slice(0, 512);

/**
 * Parse a reply to M-SEARCH: null unless it is an HTTP 200 head (NOTIFY and anything else are not answers).
 * @example parseSsdpReply(datagram)?.location // 'http://203.0.113.219:8200/rootDesc.xml'
 */
export function parseSsdpReply(bytes: Uint8Array): SsdpReply | null {
  const response = parseResponse(bytes, true);
  if (response?.status !== 200 || !/^HTTP\/1\.[01]$/.test(response.version)) return null;
  return {
    st: clean(header(response, 'st')),
    usn: clean(header(response, 'usn')),
    location: clean(header(response, 'location')),
    server: clean(header(response, 'server')),
  };
}

/** A LOCATION split into what a fetch needs; null unless it is an absolute http URL. */
export interface Location {
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/**
 * @example parseLocation('http://[2001:db8::1]:49152/desc.xml') // { host: '2001:db8::1', port: 49152, path: '/desc.xml' }
 */
export function parseLocation(url: string): Location | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' || u.hostname === '') return null;
  return {
    host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(),
    port: u.port === '' ? 80 : Number(u.port),
    path: `${u.pathname}${u.search}`,
  };
}

/** Whether a LOCATION host is the scanned host itself (the only one a check may connect to). */
export function sameHost(locationHost: string, target: string): boolean {
  const norm = (h: string): string => h.replace(/^\[|\]$/g, '').toLowerCase();
  return norm(locationHost) === norm(target);
}

/** One service of a device description. */
export interface UpnpService {
  readonly serviceType: string;
  readonly controlURL: string | null;
  readonly eventSubURL: string | null;
}

/** The fields of the root device (and the services of every embedded device). */
export interface UpnpDescription {
  readonly deviceType: string | null;
  readonly friendlyName: string | null;
  readonly manufacturer: string | null;
  readonly modelName: string | null;
  readonly modelNumber: string | null;
  readonly serialNumber: string | null;
  readonly udn: string | null;
  /** Device types of embedded devices (e.g. WANDevice, WANConnectionDevice of an IGD). */
  readonly embeddedDevices: readonly string[];
  readonly services: readonly UpnpService[];
}

const MAX_XML = 256 * 1024;
const MAX_SERVICES = 64;

/** The text of the first <name>…</name> in `xml` (any namespace prefix), entities decoded, capped at 256. */
function element(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]{0,256})?>([^<]{0,1024})</(?:[\\w-]+:)?${name}>`).exec(xml);
  return m === null
    ? null
    : decodeEntities(m[1] ?? '')
        .replace(CONTROLS, '')
        .trim()
        .slice(0, 256);
}

/**
 * Read a UPnP device description: null unless it has a <root> with a <device>. Root-device fields come from the
 * part before the first <deviceList> or <serviceList>; services from every <service> block, at most 64.
 * @example parseDescription(xml)?.services.map((s) => s.serviceType)
 */
export function parseDescription(body: Uint8Array | string): UpnpDescription | null {
  const xml = (typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).slice(0, MAX_XML);
  if (!/<(?:[\w-]+:)?root[\s>]/.test(xml) || !/<(?:[\w-]+:)?device[\s>]/.test(xml)) return null;
  const deviceAt = xml.search(/<(?:[\w-]+:)?device[\s>]/);
  const rest = xml.slice(deviceAt);
  const cut = rest.search(/<(?:[\w-]+:)?(?:deviceList|serviceList)[\s>]/);
  const own = cut < 0 ? rest : rest.slice(0, cut);
  const services: UpnpService[] = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?service>([\s\S]{0,4096}?)<\/(?:[\w-]+:)?service>/g)) {
    if (services.length >= MAX_SERVICES) break;
    const block = m[1] ?? '';
    const serviceType = element(block, 'serviceType');
    if (serviceType === null) continue;
    services.push({
      serviceType,
      controlURL: element(block, 'controlURL'),
      eventSubURL: element(block, 'eventSubURL'),
    });
  }
  const embedded: string[] = [];
  const list = rest.slice(cut < 0 ? rest.length : cut);
  for (const m of list.matchAll(/<(?:[\w-]+:)?deviceType>([^<]{1,256})<\/(?:[\w-]+:)?deviceType>/g)) {
    if (embedded.length < 16) embedded.push(decodeEntities(m[1] ?? '').trim());
  }
  return {
    deviceType: element(own, 'deviceType'),
    friendlyName: element(own, 'friendlyName'),
    manufacturer: element(own, 'manufacturer'),
    modelName: element(own, 'modelName'),
    modelNumber: element(own, 'modelNumber'),
    serialNumber: element(own, 'serialNumber'),
    udn: element(own, 'UDN'),
    embeddedDevices: embedded,
    services,
  };
}

/** Services that let a caller add port mappings on a gateway (UPnP IGD): WANIPConnection, WANPPPConnection, v6 pinholes. */
export function isPortMappingService(serviceType: string): boolean {
  return /:service:(?:WANIPConnection|WANPPPConnection|WANIPv6FirewallControl):\d+$/i.test(serviceType);
}

/**
 * Product and version named by a SERVER header ('OS/version UPnP/1.0 product/version').
 * @example serverProduct('Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0') // { product: 'MiniDLNA', version: '1.3.0' }
 */
export function serverProduct(server: string): { product: string; version: string | null } | null {
  const tokens = server.split(/[\s,]+/).filter((t) => t !== '');
  const upnp = tokens.findIndex((t) => /^UPnP\/\d/i.test(t));
  const after = upnp >= 0 ? tokens.slice(upnp + 1) : [];
  const first = after[0];
  if (first === undefined) return null;
  const slash = first.indexOf('/');
  return slash < 0
    ? { product: first, version: null }
    : { product: first.slice(0, slash), version: first.slice(slash + 1) || null };
}
