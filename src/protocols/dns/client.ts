/**
 * Thin DNS I/O for checks: one query over UDP or TCP, and a zone transfer (AXFR) over TCP capped in records,
 * bytes and time. Parsing is the codec's; this only moves messages.
 */
import { randomInt } from 'node:crypto';
import { NetworkError } from '../../core/errors.js';
import type { Transport } from '../../core/socket.js';
import { exchangeDatagram } from '../net/datagram.js';
import { withStream } from '../net/stream.js';
import {
  DNS_CLASS_IN,
  DNS_TYPE,
  encodeQuery,
  frameTcp,
  parseDnsMessage,
  tcpMessageLength,
  type DnsMessage,
  type DnsQuery,
  type DnsRecord,
} from './codec.js';

export interface DnsEndpoint {
  readonly host: string;
  readonly port: number;
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Ask one question and return the parsed answer; null when nothing answered over UDP. Throws NetworkError on a
 * refused port, a closed connection or a reply that is not a DNS response to this question.
 * @example await dnsQuery({ host, port: 53, transport: 'udp', timeoutMs: 2000 }, { name: 'version.bind', type: 16, qclass: 3 })
 */
export async function dnsQuery(endpoint: DnsEndpoint, question: Omit<DnsQuery, 'id'>): Promise<DnsMessage | null> {
  const id = randomInt(0, 0x10000);
  const query = encodeQuery({ ...question, id });
  const accept = (m: DnsMessage | null): m is DnsMessage => m?.id === id;
  if (endpoint.transport === 'udp') {
    const reply = await exchangeDatagram({
      host: endpoint.host,
      port: endpoint.port,
      payload: query,
      timeoutMs: endpoint.timeoutMs,
      retries: 1,
      ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
      accept: (r) => accept(parseDnsMessage(r, 0)),
    });
    return reply === null ? null : parseDnsMessage(reply);
  }
  return withStream(
    {
      host: endpoint.host,
      port: endpoint.port,
      limits: { connectTimeoutMs: endpoint.timeoutMs, readTimeoutMs: endpoint.timeoutMs, maxBytes: 70_000 },
      ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
    },
    async (stream) => {
      stream.write(frameTcp(query));
      const framed = await stream.read(tcpMessageLength);
      const message = parseDnsMessage(framed.subarray(2));
      if (!accept(message)) throw new NetworkError('BAD_REPLY', 'the reply is not a DNS response to the query');
      return message;
    },
  );
}

/** Caps of one zone transfer. */
export interface TransferLimits {
  /** Records kept and counted before the transfer is cut. */
  readonly maxRecords: number;
  /** Bytes the server may send in all. */
  readonly maxBytes: number;
}

export const DEFAULT_TRANSFER_LIMITS: TransferLimits = { maxRecords: 10_000, maxBytes: 4 << 20 };

/** What an AXFR attempt produced. */
export interface ZoneTransfer {
  /** The response code of the first message: 0 when the server started the transfer, -1 when it hung up. */
  readonly rcode: number;
  /** Records received (the closing SOA excluded), at most `maxRecords`. */
  readonly records: readonly DnsRecord[];
  /** The transfer ended with the zone's SOA, as RFC 5936 §2.2 requires. */
  readonly complete: boolean;
  /** A cap (records or bytes) stopped it. */
  readonly capped: boolean;
  readonly messages: number;
  readonly bytes: number;
  /** The SOA serial from the first record, when it was a SOA. */
  readonly serial: number | null;
}

/**
 * Request a full zone transfer of `zone` over TCP (RFC 5936): one AXFR query, then length-prefixed messages until
 * the closing SOA, an error response, a cap, or the deadline of a read.
 * @example await dnsZoneTransfer({ host, port: 53, transport: 'tcp', timeoutMs: 3000 }, 'lab.test')
 */
export async function dnsZoneTransfer(
  endpoint: DnsEndpoint,
  zone: string,
  limits: TransferLimits = DEFAULT_TRANSFER_LIMITS,
): Promise<ZoneTransfer> {
  const id = randomInt(0, 0x10000);
  const query = encodeQuery({ id, name: zone, type: DNS_TYPE.AXFR, qclass: DNS_CLASS_IN });
  return withStream(
    {
      host: endpoint.host,
      port: endpoint.port,
      limits: {
        connectTimeoutMs: endpoint.timeoutMs,
        readTimeoutMs: endpoint.timeoutMs,
        // One message past the cap is allowed to arrive, then the stream is cut.
        maxBytes: limits.maxBytes + 65_537,
      },
      ...(endpoint.signal !== undefined && { signal: endpoint.signal }),
    },
    async (stream) => {
      stream.write(frameTcp(query));
      const records: DnsRecord[] = [];
      let rcode = 0;
      let messages = 0;
      let bytes = 0;
      let serial: number | null = null;
      let soaSeen = 0;
      for (;;) {
        if (records.length >= limits.maxRecords || bytes >= limits.maxBytes) {
          return { rcode, records, complete: false, capped: true, messages, bytes, serial };
        }
        let framed: Uint8Array;
        try {
          framed = await stream.read(tcpMessageLength);
        } catch (err) {
          // Many servers refuse a transfer by closing the connection without a word.
          if (messages === 0 && err instanceof NetworkError && err.code === 'NETWORK') {
            return { rcode: -1, records, complete: false, capped: false, messages, bytes, serial };
          }
          throw err;
        }
        bytes += framed.length;
        const message = parseDnsMessage(framed.subarray(2), limits.maxRecords - records.length);
        if (message?.id !== id) throw new NetworkError('BAD_REPLY', 'the reply is not a DNS response to the AXFR');
        messages++;
        if (messages === 1) rcode = message.rcode;
        if (message.rcode !== 0 || (messages === 1 && message.answers.length === 0)) {
          return { rcode: message.rcode, records, complete: false, capped: false, messages, bytes, serial };
        }
        for (const record of message.answers) {
          if (record.type === DNS_TYPE.SOA) {
            soaSeen++;
            if (soaSeen === 1) serial = record.serial ?? null;
            // The first SOA opens the zone; the second closes it (it repeats the first and is not counted).
            if (soaSeen > 1) return { rcode, records, complete: true, capped: false, messages, bytes, serial };
          } else if (soaSeen === 0) {
            throw new NetworkError('BAD_REPLY', 'a zone transfer must start with the SOA record');
          }
          records.push(record);
        }
        if (!message.complete && records.length < limits.maxRecords) {
          throw new NetworkError('BAD_REPLY', 'a malformed record in the zone transfer');
        }
      }
    },
  );
}
