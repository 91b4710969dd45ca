import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSunRpcReply, probeSunRpc } from './codec.js';

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
