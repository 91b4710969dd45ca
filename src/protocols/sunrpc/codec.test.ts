import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noise } from '../../../test/support/noise.js';
import {
  describePrograms,
  mountExportCall,
  parseMountExports,
  parsePmapDump,
  parseRpcResult,
  parseSunRpcReply,
  pmapDumpCall,
  probeSunRpc,
  rpcbDumpCall,
  recordFramer,
  recordMark,
} from './codec.js';

/** A reply captured from rpcbind in the lab, to probeSunRpc(0x42424242). */
const captured = Buffer.from(
  readFileSync(new URL('../../../test/fixtures/sunrpc/rpcbind-getport-portmapper.hex', import.meta.url), 'utf8').trim(),
  'hex',
);
const XID = 0x42424242;

describe('probeSunRpc', () => {
  it('is a portmapper v2 GETPORT call with AUTH_NONE for (100000, 2, udp)', () => {
    expect(Buffer.from(probeSunRpc(0x1234)).toString('hex')).toBe(
      // xid, CALL, RPC v2, PMAP_PROG 100000, v2, GETPORT; AUTH_NONE cred and verf; args (100000, 2, UDP 17, 0)
      '00001234' +
        '00000000' +
        '00000002' +
        '000186a0' +
        '00000002' +
        '00000003' +
        '00000000'.repeat(4) +
        '000186a0' +
        '00000002' +
        '00000011' +
        '00000000',
    );
  });
});

describe('parseSunRpcReply', () => {
  it('reads the port from a real rpcbind reply', () => {
    expect(parseSunRpcReply(captured, XID)).toEqual({ xid: XID, status: 'success', port: 111 });
  });

  it('rejects a reply to another call, and a call', () => {
    expect(parseSunRpcReply(captured, XID + 1)).toBeNull();
    expect(parseSunRpcReply(probeSunRpc(XID), XID)).toBeNull();
  });

  it('reads PROG_MISMATCH with the versions served, and a denied call', () => {
    const mismatch = Buffer.from('4242424200000001000000000000000000000000000000020000000200000004', 'hex');
    expect(parseSunRpcReply(mismatch, XID)).toEqual({
      xid: XID,
      status: 'accept-error',
      acceptStat: 2,
      low: 2,
      high: 4,
    });
    const denied = Buffer.from('42424242000000010000000100000001', 'hex');
    expect(parseSunRpcReply(denied, XID)).toEqual({ xid: XID, status: 'denied', rejectStat: 1 });
  });

  it('survives truncated, garbage and oversized input', () => {
    for (let n = 0; n < captured.length; n++) {
      const r = parseSunRpcReply(captured.subarray(0, n), XID);
      expect(r === null || (r.status === 'success' && r.port === null)).toBe(true);
    }
    // A verifier claiming 4 GiB of body.
    const hostile = Buffer.from(captured);
    hostile.writeUInt32BE(0xffffffff, 16);
    expect(parseSunRpcReply(hostile, XID)).toBeNull();
    expect(parseSunRpcReply(Buffer.alloc(70_000), 0)).toBeNull();
    expect(parseSunRpcReply(Buffer.alloc(13), 0)).toBeNull();
  });
});

describe('DUMP and MOUNT EXPORT', () => {
  const fx = (name: string): Buffer =>
    Buffer.from(
      readFileSync(new URL(`../../../test/fixtures/sunrpc/${name}.hex`, import.meta.url), 'utf8').trim(),
      'hex',
    );

  it('reads a real rpcbind 1.2.6 v2 DUMP (over TCP and UDP) with the lab MOUNT server registered', () => {
    for (const name of ['rpcbind-1.2.6-dump-v2-tcp', 'rpcbind-1.2.6-dump-v2-udp']) {
      const r = parseRpcResult(fx(name), XID);
      if (r?.status !== 'success') throw new Error('not a success');
      const m = parsePmapDump(r.body);
      expect(m?.length).toBe(10);
      expect(m?.[0]).toEqual({ program: 100000, version: 4, protocol: 6, port: 111 });
      expect(describePrograms(m ?? [])[0]).toBe('100000 portmapper v2,3,4 tcp/111 udp/111');
      expect(describePrograms(m ?? [])[1]).toMatch(/^100005 mountd v1,3 /);
    }
  });

  it('reads the export list with its client groups', () => {
    const r = parseRpcResult(fx('lab-mountd-export-v3'), XID);
    if (r?.status !== 'success') throw new Error('not a success');
    expect(parseMountExports(r.body)).toEqual([
      { directory: '/srv/public', groups: ['*'] },
      { directory: '/srv/home', groups: ['203.0.113.0/24'] },
    ]);
  });

  it('encodes calls with record marking, and frames fragments', () => {
    expect(Buffer.from(pmapDumpCall(1)).toString('hex')).toBe(
      '00000001000000000000000200018 6a0000000020000000400000000000000000000000000000000'.replace(/ /g, ''),
    );
    expect(mountExportCall(1, 1).length).toBe(40);
    expect(rpcbDumpCall(1, 3)[19]).toBe(3);
    const marked = recordMark(Uint8Array.of(1, 2, 3, 4));
    expect(Buffer.from(marked).toString('hex')).toBe('8000000401020304');
    expect(recordFramer()(marked.subarray(0, 6))).toBe(-1);
    expect(recordFramer()(marked)).toBe(8);
    expect(() => recordFramer(16)(Uint8Array.of(0x80, 0, 1, 0))).toThrow(RangeError);
  });

  it('survives truncation, noise and endless lists', () => {
    const body = (parseRpcResult(fx('lab-mountd-export-v3'), XID) as { body: Uint8Array }).body;
    for (let n = 0; n < body.length; n++) {
      const r = parseMountExports(body.subarray(0, n));
      expect(r === null || r.length <= 2).toBe(true);
    }
    const endless = new Uint8Array(4 * 5 * 2000);
    const v = new DataView(endless.buffer);
    for (let i = 0; i < 2000; i++) v.setUint32(i * 20, 1);
    expect(parsePmapDump(endless)).toBeNull();
    const longName = Uint8Array.of(0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff);
    expect(parseMountExports(longName)).toBeNull();
    for (let seed = 1; seed < 100; seed++) {
      parsePmapDump(noise(seed, 200));
      parseMountExports(noise(seed, 200));
    }
  });
});
