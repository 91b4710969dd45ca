import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_OIDS,
  describeEngineId,
  encodeSnmpRequest,
  encodeSnmpV3Discovery,
  parseSnmpReply,
  parseSnmpResponse,
  parseSnmpV3Report,
  probeSnmp,
  snmpErrorName,
} from './codec.js';
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

const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/snmp/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('encodeSnmpRequest and parseSnmpResponse', () => {
  it('encodes a SetRequest of an OCTET STRING', () => {
    const set = encodeSnmpRequest({
      version: 1,
      community: 'private',
      requestId: 5,
      set: true,
      bindings: [{ oid: SYSTEM_OIDS.sysContact, value: Buffer.from('a') }],
    });
    expect(Buffer.from(set).toString('hex')).toBe(
      '3028020101040770726976617465a31a020105020100020100300f300d06082b06010201010400040161',
    );
  });

  it('reads the whole system group from a real Net-SNMP response', () => {
    const r = parseSnmpResponse(fixture('netsnmp-5.9.3-system-group-v2c.hex'), 0x42424242);
    expect(r).toMatchObject({ version: 1, community: 'public', errorStatus: 0 });
    expect(r?.bindings.map((b) => b.oid)).toEqual(Object.values(SYSTEM_OIDS));
    expect(r?.bindings[1]?.value).toBe('1.3.6.1.4.1.8072.3.2.10');
    expect(r?.bindings[4]?.value).toBe('lab-snmp');
    expect(r?.bindings[5]?.value).toBe('Lab rack 3');
    expect(typeof r?.bindings[2]?.value).toBe('number');
  });

  it('tells a refused SET from an accepted one', () => {
    const ro = parseSnmpResponse(fixture('netsnmp-5.9.3-set-ro-v2c.hex'), 0x42424242);
    const rw = parseSnmpResponse(fixture('netsnmp-5.9.3-set-rw-v2c.hex'), 0x42424242);
    expect(ro?.errorStatus).not.toBe(0);
    expect(snmpErrorName(ro?.errorStatus ?? -1)).toMatch(/noAccess|notWritable|readOnly|authorizationError/);
    expect(rw).toMatchObject({ errorStatus: 0, bindings: [{ value: 'ops@lab.test' }] });
  });

  it('survives truncation and corruption', () => {
    const bytes = fixture('netsnmp-5.9.3-system-group-v2c.hex');
    for (let n = 0; n < bytes.length; n++) expect(parseSnmpResponse(bytes.subarray(0, n), 0x42424242)).toBeNull();
    for (let seed = 1; seed < 2000; seed++) {
      const b = Buffer.from(bytes);
      b.set(noise(seed, 4), seed % (b.length - 4));
      const r = parseSnmpResponse(b, 0x42424242);
      expect(r === null || r.bindings.length <= 32).toBe(true);
    }
  });
});

describe('SNMPv3 discovery', () => {
  it('encodes the RFC 3414 discovery request', () => {
    expect(Buffer.from(encodeSnmpV3Discovery(0x4242, 0x4242)).toString('hex')).toBe(
      '303a020103300f02024242020300ffe30401040201030410300e0400020100020100040004000400301204000400a00c020242420201000201003000',
    );
  });

  it('reads the engine of real Net-SNMP reports: MAC-based and random', () => {
    const mac = parseSnmpV3Report(fixture('netsnmp-5.9.3-v3-report-mac.hex'), 0x4242);
    expect(mac?.reportOid).toBe('1.3.6.1.6.3.15.1.1.4.0');
    expect(describeEngineId(mac?.engineId ?? '')).toMatchObject({ enterprise: 8072, format: 3 });
    expect(describeEngineId(mac?.engineId ?? '').detail).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const random = parseSnmpV3Report(fixture('netsnmp-5.9.3-v3-report-random.hex'), 0x4242);
    expect(describeEngineId(random?.engineId ?? '')).toMatchObject({ enterprise: 8072, format: 128, detail: null });
    expect(parseSnmpV3Report(fixture('netsnmp-5.9.3-v3-report-mac.hex'), 0x4243)).toBeNull();
  });

  it('decodes engine ID formats and survives garbage', () => {
    expect(describeEngineId('80000009' + '01' + 'cb007101')).toEqual({
      enterprise: 9,
      format: 1,
      detail: '203.0.113.1',
    });
    expect(describeEngineId('000000090102030405060708')).toEqual({ enterprise: 9, format: null, detail: null });
    expect(describeEngineId('zz')).toEqual({ enterprise: null, format: null, detail: null });
    const report = fixture('netsnmp-5.9.3-v3-report-mac.hex');
    for (let n = 0; n < report.length; n++) parseSnmpV3Report(report.subarray(0, n), 0x4242);
    for (let seed = 1; seed < 1000; seed++) parseSnmpV3Report(noise(seed, seed % 200), 0x4242);
  });
});
