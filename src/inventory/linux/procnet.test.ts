import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/inventory/support.js';
import { decodeProcNetAddress, parseProcNet } from './procnet.js';

const row = (local: string, remote: string, st: string, uid = 0, inode = 1): string =>
  `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000 ${uid} 0 ${inode} 1 0000000000000000 100 0 0 10 0`;

describe('decodeProcNetAddress', () => {
  it('reads host-order words on little-endian kernels', () => {
    expect(decodeProcNetAddress('0100007F')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(decodeProcNetAddress('3500007F')).toEqual({ address: '127.0.0.53', family: 4 });
    expect(decodeProcNetAddress('00000000000000000000000001000000')).toEqual({ address: '::1', family: 6 });
    expect(decodeProcNetAddress('0000000000000000FFFF00000100007F')).toEqual({
      address: '::ffff:127.0.0.1',
      family: 6,
    });
    expect(decodeProcNetAddress('000080FE00000000FF3D2B1C605F4EFE')).toEqual({
      address: 'fe80::1c2b:3dff:fe4e:5f60',
      family: 6,
    });
    expect(decodeProcNetAddress('B80D0120000000000000000005000000')).toEqual({ address: '2001:db8::5', family: 6 });
  });
  it('reads network-order words on big-endian kernels', () => {
    expect(decodeProcNetAddress('7F000001', 'BE')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(decodeProcNetAddress('20010DB8000000000000000000000005', 'BE')).toEqual({
      address: '2001:db8::5',
      family: 6,
    });
  });
  it('refuses other lengths and non-hex', () => {
    expect(decodeProcNetAddress('0100007')).toBeNull();
    expect(decodeProcNetAddress('0100007G')).toBeNull();
  });
});

describe('parseProcNet', () => {
  it('keeps TCP LISTEN only', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      row('00000000:0016', '00000000:0000', '0A', 0, 11),
      row('0100007F:1538', '0100007F:9C40', '01', 999, 12),
      row('0100007F:1F90', '00000000:0000', '07', 0, 13), // a bound, unlistened TCP socket is not a listener
      '',
    ].join('\n');
    expect(parseProcNet(text, 'tcp')).toEqual([
      { transport: 'tcp', family: 4, address: '0.0.0.0', port: 22, uid: 0, inode: '11' },
    ]);
  });
  it('keeps UDP in state 07 with an all-zero remote only', () => {
    const text = [
      row('00000000:0044', '00000000:0000', '07', 0, 21),
      row('0100007F:AFC8', '3500007F:0035', '01', 1000, 22),
      row('0100007F:AFC9', '3500007F:0035', '07', 1000, 23),
      row('0100007F:0000', '00000000:0000', '07', 1000, 24), // port 0: not produced by the kernel, still in range
    ].join('\n');
    expect(parseProcNet(text, 'udp').map((r) => r.inode)).toEqual(['21', '24']);
  });
  it('skips malformed lines instead of throwing', () => {
    expect(parseProcNet('garbage\n   0: zz:zz 00000000:0000 0A a b c 0 0 1\n', 'tcp')).toEqual([]);
  });
  it('parses the fixture files', () => {
    const tcp = parseProcNet(fixtureText('linux', 'proc', 'net', 'tcp'), 'tcp');
    expect(tcp.map((r) => `${r.address}:${r.port}/${r.uid}/${r.inode}`)).toEqual([
      '0.0.0.0:22/0/20001',
      '0.0.0.0:80/0/20010',
      '127.0.0.53:53/101/20020',
      '127.0.0.1:5432/999/20030',
      '0.0.0.0:3000/1000/20060',
    ]);
    const tcp6 = parseProcNet(fixtureText('linux', 'proc', 'net', 'tcp6'), 'tcp6');
    expect(tcp6.map((r) => `[${r.address}]:${r.port}`)).toEqual(['[::]:22', '[::1]:631', '[::ffff:127.0.0.1]:8080']);
    expect(tcp6.every((r) => r.family === 6)).toBe(true);
    const udp6 = parseProcNet(fixtureText('linux', 'proc', 'net', 'udp6'), 'udp6');
    expect(udp6.map((r) => `[${r.address}]:${r.port}`)).toEqual([
      '[::]:5353',
      '[fe80::1c2b:3dff:fe4e:5f60]:546',
      '[::1]:323',
    ]);
  });
});
