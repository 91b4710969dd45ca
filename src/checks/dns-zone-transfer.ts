/**
 * dns-zone-transfer (intrusive): requests a full transfer (AXFR, RFC 5936) of the zone named by `dns.zone` over
 * TCP and reports whether the server hands it out. The transfer is capped in records and bytes; only counts and
 * a few owner names are kept as evidence.
 *
 * @output
 * 53/tcp dns-zone-transfer: lab.test transferred: 9 records, 6 names, serial 2024010101
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { DNS_TYPE, rcodeName } from '../protocols/dns/codec.js';
import { dnsZoneTransfer, type TransferLimits } from '../protocols/dns/client.js';

const LIMITS: TransferLimits = { maxRecords: 10_000, maxBytes: 4 << 20 };

export const check: Check = {
  id: 'dns-zone-transfer',
  title: { en: 'DNS zone transfer (AXFR) to anyone', zh: '任何人都可进行 DNS 区域传送（AXFR）' },
  categories: ['intrusive'],
  references: ['RFC 5936', 'RFC 1035', 'RFC 1995', 'CVE-1999-0532'],
  applies: { transport: 'tcp', ports: [53], services: ['domain'] },
  async run(ctx) {
    if (!ctx.intrusive) return { status: 'not-applicable', reason: 'a zone transfer is intrusive: needs --intrusive' };
    const zone = ctx.args['dns.zone'];
    if (zone === undefined || zone.trim() === '') {
      return { status: 'not-applicable', reason: 'no zone given: set dns.zone=<zone>' };
    }
    const { host } = ctx.target;
    // AXFR only runs over TCP; a UDP port 53 target means the same server's TCP port 53.
    const port = ctx.target.transport === 'tcp' ? ctx.target.port : 53;
    let transfer;
    try {
      transfer = await dnsZoneTransfer(
        { host, port, transport: 'tcp', timeoutMs: ctx.timeoutMs, signal: ctx.signal },
        zone.trim(),
        LIMITS,
      );
    } catch (err) {
      if (err instanceof RangeError) return { status: 'not-applicable', reason: `bad dns.zone: ${zone}` };
      if (err instanceof NetworkError && err.code === 'NETWORK' && /ECONNREFUSED/.test(err.message)) {
        return { status: 'not-applicable', reason: `TCP port ${port} is closed` };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    const names = new Set(transfer.records.map((r) => r.name));
    const transferred = transfer.rcode === 0 && transfer.records.length > 0;
    const evidence = {
      zone: zone.trim(),
      rcode: transfer.rcode < 0 ? 'connection closed' : rcodeName(transfer.rcode),
      transferred,
      records: transfer.records.length,
      names: names.size,
      addresses: transfer.records.filter((r) => r.type === DNS_TYPE.A || r.type === DNS_TYPE.AAAA).length,
      serial: transfer.serial,
      complete: transfer.complete,
      capped: transfer.capped,
      bytes: transfer.bytes,
      sample: [...names].slice(0, 10).join(' '),
    };
    const findings: CheckFinding[] = [];
    if (transferred) {
      const count = `${transfer.records.length}${transfer.capped ? '+' : ''}`;
      findings.push({
        key: zone.trim().toLowerCase(),
        severity: 'medium',
        title: {
          en: `Zone ${evidence.zone} can be transferred by anyone`,
          zh: `任何人都能传送区域 ${evidence.zone}`,
        },
        detail: {
          en:
            `The server sent the whole zone over AXFR to this scanner (${count} records, ${names.size} names). ` +
            `A zone file maps host names, addresses and services for an attacker in one request. Allow transfers ` +
            `only to your secondary servers, preferably authenticated with TSIG (BIND: allow-transfer { ` +
            `<secondaries>; }; or allow-transfer { key <name>; };).`,
          zh:
            `服务器通过 AXFR 把整个区域发给了本扫描方（${count} 条记录，${names.size} 个名称）。攻击者只需一次请求就能` +
            `掌握主机名、地址和服务分布。请只允许从服务器做区域传送，最好用 TSIG 认证（BIND：allow-transfer { ` +
            `<从服务器>; }; 或 allow-transfer { key <密钥名>; };）。`,
        },
        action: 'restrict',
        evidence,
      });
    }
    return { status: 'ok', evidence, findings };
  },
};
