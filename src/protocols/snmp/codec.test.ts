import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSnmpReply, probeSnmp } from './codec.js';
import { noise } from '../../../test/support/noise.js';

/** A reply captured from Net-SNMP 5.9.3 snmpd in the lab, to probeSnmp(0x42424242). */
const captured = Buffer.from(
  readFileSync(new URL('../../../test/fixtures/snmp/netsnmp-5.9.3-sysdescr.hex', import.meta.url), 'utf8').trim(),
  'hex',
);
const ID = 0x42424242;

describe('probeSnmp', () => {
  it('encodes a v2c GetRequest for sysDescr.0 with community public (BER)', () => {
    expect(Buffer.from(probeSnmp(0x1234)).toString('hex')).toBe(
      '302702010104067075626c6963a01a02021234020100020100300e300c06082b060102010101000500',
    );
  });

  it('encodes multi-byte OID arcs, other communities and the largest request id', () => {
    expect(Buffer.from(probeSnmp(0x7fffffff, 'c', '1.3.6.1.4.1.2021.11.300.0')).toString('hex')).toBe(
      '3027020101040163a01f02047fffffff0201000201003011300f060b2b060104018f650b822c000500',
    );
  });
});

describe('parseSnmpReply', () => {
  it('reads sysDescr from a real snmpd reply', () => {
    expect(parseSnmpReply(captured, ID)).toEqual({
      version: 1,
      community: 'public',
      requestId: ID,
      errorStatus: 0,
      oid: '1.3.6.1.2.1.1.1.0',
      value: 'Linux vm 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64',
    });
  });

  it('rejects a reply to another request, and a request', () => {
    expect(parseSnmpReply(captured, ID + 1)).toBeNull();
    expect(parseSnmpReply(probeSnmp(ID), ID)).toBeNull();
  });

  it('reads an unsigned application value (sysUpTime.0 as TimeTicks)', () => {
    const reply = Buffer.from(
      '3028020101040670756' + '26c6963a21b020105020100020100301030' + '0e06082b060102010103004302012c',
      'hex',
    );
    expect(parseSnmpReply(reply, 5)).toMatchObject({ requestId: 5, oid: '1.3.6.1.2.1.1.3.0', value: 300 });
  });

  it('survives every truncation, garbage, bad lengths and oversized input without throwing', () => {
    for (let n = 0; n < captured.length; n++) expect(parseSnmpReply(captured.subarray(0, n), ID)).toBeNull();
    for (let seed = 1; seed < 3000; seed++) {
      // Corrupt four bytes at a seed-chosen place: tags, lengths, ids, the value.
      const bytes = Buffer.from(captured);
      bytes.set(noise(seed, 4), seed % (bytes.length - 4));
      const r = parseSnmpReply(bytes, ID);
      expect(r === null || (r.community.length <= 255 && String(r.value).length <= 1024)).toBe(true);
      expect(parseSnmpReply(noise(seed, seed % 300), ID)).toBeNull();
    }
    // A length field of 4 GiB, an indefinite length, and a datagram larger than UDP allows.
    expect(parseSnmpReply(Buffer.from('3084ffffffff020101', 'hex'), ID)).toBeNull();
    expect(parseSnmpReply(Buffer.from('3080020101', 'hex'), ID)).toBeNull();
    expect(parseSnmpReply(new Uint8Array(70_000), ID)).toBeNull();
  });
});
