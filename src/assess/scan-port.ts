/**
 * The scan's judgement of one open port, the same way the audit judges a listening socket: the knowledge base's
 * risk for the reach the port has from where it was scanned, and its advice.
 */
import type { Finding, Severity } from '../core/finding.js';
import { texts } from '../core/i18n.js';
import type { Text } from '../core/lang.js';
import type { PortObserved } from '../core/scan.js';
import type { ServiceInfo } from '../core/service.js';
import { ianaName } from '../knowledge/iana.js';
import type { KnowledgeIndex } from '../knowledge/load.js';
import { classifyAddress } from './address.js';
import type { Reach } from './exposure.js';

/** Severity of a port the knowledge base does not cover, by reach. */
const GENERIC_RISK: Readonly<Record<Reach, Severity>> = { internet: 'medium', lan: 'low', loopback: 'info' };

/**
 * How far a scanned address is reachable: loopback, a private or link-local network, or (any other address) the
 * internet — unless the user says where the scan stands (`--reach`).
 */
export function reachOf(host: string, override?: Reach): Reach {
  if (override !== undefined) return override;
  const cls = classifyAddress(host);
  if (cls === 'loopback') return 'loopback';
  if (cls === 'private' || cls === 'link-local') return 'lan';
  return 'internet';
}

/**
 * The exposure finding of an open port: the knowledge base entry of the identified service's usual port when the
 * service is known to run elsewhere, else the entry of the port number.
 * @example assessOpenPort(index, portEvent, service).severity // 'high' for telnet reachable from the internet
 */
export function assessOpenPort(
  index: KnowledgeIndex,
  port: PortObserved,
  service: ServiceInfo | null,
  reachOverride?: Reach,
): Finding {
  const reach = reachOf(port.host, reachOverride);
  const byPort = index.byPort(port.port);
  const byName = service !== null && service.confidence > 3 ? index.byName(service.service) : undefined;
  const portEntry = byPort?.transports.includes(port.transport) === true ? byPort : undefined;
  // A service identified on an unusual port is judged by its own entry (telnet on 2323 is still telnet).
  const entry = byName?.transports.includes(port.transport) === true ? byName : portEntry;
  const name = service?.service ?? entry?.names[0] ?? ianaName(port.port, port.transport);
  const serviceText: Text = name === null ? texts('audit.unknownService') : { en: name, zh: name };
  const label = `${port.port}/${port.transport}`;
  const evidence: Record<string, string | number | boolean | null> = { reach, reason: port.reason };
  if (service !== null) {
    evidence['service'] = service.service;
    if (service.product !== undefined) evidence['product'] = service.product;
    if (service.version !== undefined) evidence['version'] = service.version;
    evidence['tls'] = service.tls;
  }
  return {
    id: `exposure:${port.host}:${port.transport}/${port.port}`,
    rule: 'exposure',
    severity: entry === undefined ? GENERIC_RISK[reach] : entry.risk[reach],
    target: { host: port.host, transport: port.transport, port: port.port, address: null },
    title: texts(`audit.exposure.${reach}`, { port: label, service: serviceText }),
    detail: entry?.risk.reason ?? texts('audit.exposure.generic'),
    action: reach === 'loopback' ? 'keep' : (entry?.advice.action ?? 'restrict'),
    evidence,
  };
}
