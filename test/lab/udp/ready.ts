// Readiness of UDP daemons in a lab namespace: send one datagram from inside the namespace until something answers.
// A TFTP server answers from a new port, so the probe socket is left unconnected and any reply from the address counts.
import type { LabHostContext } from '../lab.js';

function probeProgram(address: string, port: number, hex: string): string {
  return [
    `const s=require('dgram').createSocket(${JSON.stringify(address.includes(':') ? 'udp6' : 'udp4')});`,
    `s.on('message',(m,r)=>{if(r.address===${JSON.stringify(address)})process.exit(0)});`,
    `s.on('error',()=>process.exit(1));`,
    `s.send(Buffer.from(${JSON.stringify(hex)},'hex'),${port},${JSON.stringify(address)});`,
    `setTimeout(()=>process.exit(1),500)`,
  ].join('');
}

/** Resolve when `address`:`port` answers `payloadHex` (from inside the namespace), or throw after `timeoutMs`. */
export async function waitUdp(
  ctx: LabHostContext,
  port: number,
  payloadHex: string,
  timeoutMs = 15_000,
  address = ctx.address,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ctx.run(process.execPath, ['-e', probeProgram(address, port, payloadHex)]).status === 0) return;
    if (Date.now() > deadline) throw new Error(`nothing answers on ${address} udp port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An SNMPv3 discovery request (RFC 3414 §4): every Net-SNMP agent answers it with a Report, whatever its users. */
export const SNMPV3_DISCOVERY_HEX =
  '303a020103300f02024242020300ffe30401040201030410300e0400020100020100040004000400301204000400a00c020242420201000201003000';
/** A TFTP read request for a file that does not exist: any server answers with an ERROR. */
export const TFTP_RRQ_HEX = Buffer.from('\0\x01portwarden-ready\0octet\0', 'latin1').toString('hex');
