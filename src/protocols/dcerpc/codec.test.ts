import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  dcerpcBind,
  dcerpcFramer,
  EPMAPPER_UUID,
  parseBindReply,
  parseEptLookup,
  parseResponse,
  parseTower,
  uuidFromBytes,
  uuidToBytes,
} from './codec.js';

const dir = new URL('../../../test/fixtures/dcerpc/', import.meta.url);
const bindAck = Buffer.from(readFileSync(new URL('samba-4.17-epmapper-bind-ack.hex', dir), 'utf8').trim(), 'hex');
/** The ept_lookup answer of samba-dcerpcd 4.17 in two fragments, one PDU per line. */
const lookupPdus = readFileSync(new URL('samba-4.17-ept-lookup-response.hex', dir), 'utf8')
  .trim()
  .split('\n')
  .map((l) => Buffer.from(l, 'hex'));

function stubOf(pdus: readonly Buffer[]): Buffer {
  return Buffer.concat(
    pdus.map((p) => {
      const r = parseResponse(p);
      if (r?.kind !== 'response') throw new Error('not a response');
      return r.stub;
    }),
  );
}

describe('DCE/RPC bind', () => {
  it('encodes the endpoint mapper bind with NDR', () => {
    const b = dcerpcBind(1, EPMAPPER_UUID, 3, 0);
    expect(b.length).toBe(72);
    expect(Buffer.from(b.subarray(0, 4)).toString('hex')).toBe('05000b03');
    expect(uuidFromBytes(b.subarray(32, 48))).toBe(EPMAPPER_UUID);
    expect(uuidFromBytes(uuidToBytes('8a885d04-1ceb-11c9-9fe8-08002b104860'))).toBe(
      '8a885d04-1ceb-11c9-9fe8-08002b104860',
    );
  });

  it('reads samba-dcerpcd bind_ack: accepted, secondary address 135', () => {
    expect(parseBindReply(bindAck)).toMatchObject({ kind: 'ack', accepted: true, secondaryAddress: '135' });
    const nak = Buffer.from('05000d03100000001200000001000000' + '0400', 'hex');
    expect(parseBindReply(nak)).toEqual({ kind: 'nak', reason: 4 });
  });

  it('frames PDUs by frag_length and refuses hostile lengths and big-endian', () => {
    expect(dcerpcFramer()(bindAck.subarray(0, 9))).toBe(-1);
    expect(dcerpcFramer()(bindAck)).toBe(bindAck.length);
    const huge = Buffer.from(bindAck);
    huge.writeUInt16LE(0xffff, 8);
    expect(() => dcerpcFramer(4096)(huge)).toThrow(RangeError);
    const be = Buffer.from(bindAck);
    be[4] = 0;
    expect(() => dcerpcFramer()(be)).toThrow(RangeError);
  });
});

describe('ept_lookup', () => {
  it('reads every endpoint samba-dcerpcd registered, with towers', () => {
    const page = parseEptLookup(stubOf(lookupPdus));
    expect(page?.entries.length).toBe(38);
    expect(page?.entries).toContainEqual(
      expect.objectContaining({
        annotation: 'epmapper',
        interfaceId: EPMAPPER_UUID,
        version: '3.0',
        protocol: 'ncacn_ip_tcp',
        endpoint: '135',
      }),
    );
    expect(page?.entries).toContainEqual(expect.objectContaining({ protocol: 'ncacn_np', endpoint: '\\pipe\\lsarpc' }));
  });

  it('survives truncation, noise and lying counts', () => {
    const stub = stubOf(lookupPdus);
    for (let n = 0; n < stub.length; n += 7) expect(() => parseEptLookup(stub.subarray(0, n))).not.toThrow();
    const lying = Buffer.from(stub);
    lying.writeUInt32LE(100_000, 20);
    expect(parseEptLookup(lying)).toBeNull();
    for (let seed = 1; seed < 100; seed++) {
      parseEptLookup(noise(seed, 600));
      parseTower(noise(seed, 80));
    }
  });
});
