/**
 * vnc-auth: reads the RFB protocol version and the security types a VNC server offers (RFC 6143 §7.1–7.2), and the
 * VeNCrypt sub-types when VeNCrypt is offered, without logging in. None means anyone who connects gets the desktop.
 *
 * @output
 * 5900/tcp vnc-auth: RFB 003.008, security types: None
 *   critical  VNC server lets anyone in without a password
 */
import type { Check, CheckFinding } from './types.js';
import { NetworkError } from '../core/errors.js';
import { withStream, type Stream } from '../protocols/net/stream.js';
import {
  NO_AUTH_TYPES,
  VERSION_LENGTH,
  WEAK_AUTH_TYPES,
  clientVersion,
  encodeVersion,
  parseSecurityType33,
  parseSecurityTypes,
  parseVencryptSubtypes,
  parseVencryptVersion,
  parseVersion,
  securityTypeName,
  type SecurityOffer,
} from '../protocols/rfb/codec.js';

function framed(parse: (b: Uint8Array) => { length: number } | null): (b: Uint8Array) => number {
  return (b) => {
    try {
      return parse(b)?.length ?? -1;
    } catch (err) {
      throw new NetworkError('BAD_REPLY', err instanceof Error ? err.message : String(err));
    }
  };
}

async function readOffer(s: Stream, legacy: boolean): Promise<SecurityOffer> {
  const parse = legacy ? parseSecurityType33 : parseSecurityTypes;
  const bytes = await s.read(framed(parse));
  const parsed = parse(bytes);
  if (parsed === null) throw new NetworkError('BAD_REPLY', 'a truncated RFB security message');
  return parsed.offer;
}

/** Choose VeNCrypt and read its sub-types; null when the server refuses version 0.2. */
async function vencryptSubtypes(s: Stream): Promise<number[] | null> {
  s.write(Uint8Array.of(19));
  const version = parseVencryptVersion(await s.readExactly(2));
  if (version === null || version.major !== 0 || version.minor < 2) return null;
  s.write(Uint8Array.of(0, 2));
  const bytes = await s.read(framed(parseVencryptSubtypes));
  return parseVencryptSubtypes(bytes)?.subtypes ?? null;
}

export const check: Check = {
  id: 'vnc-auth',
  title: { en: 'VNC authentication', zh: 'VNC 认证方式' },
  categories: ['safe', 'auth'],
  references: ['RFC 6143', 'CVE-2006-2369', 'https://www.iana.org/assignments/rfb/rfb.xhtml'],
  applies: { transport: 'tcp', ports: [5900, 5901, 5902, 5903], services: ['vnc'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
        },
        async (s) => {
          const server = parseVersion(await s.readExactly(VERSION_LENGTH));
          if (server === null) return { status: 'not-applicable', reason: 'no RFB ProtocolVersion message' };
          const mine = clientVersion(server);
          s.write(encodeVersion(mine));
          const offer = await readOffer(s, mine.minor < 7);
          const protocol = `${String(server.major).padStart(3, '0')}.${String(server.minor).padStart(3, '0')}`;
          if (offer.kind === 'failure') {
            // Refused before any security type was offered (TigerVNC after repeated unauthenticated connections:
            // "Too many security failures"): nothing can be said about its authentication until it lets us in.
            return {
              status: 'error',
              error: `the server refused before offering security types (RFB ${protocol}): ${offer.reason.slice(0, 200)}`,
            };
          }
          const types = offer.types;
          const subtypes = types.includes(19) && mine.minor >= 7 ? await vencryptSubtypes(s) : null;
          const all = [...types.filter((t) => t !== 19 || subtypes === null), ...(subtypes ?? [])];
          const names = all.map(securityTypeName);
          const evidence = {
            protocol,
            securityTypes: types.map(securityTypeName).join(', '),
            vencryptSubtypes: subtypes === null ? null : subtypes.map(securityTypeName).join(', '),
          };
          const findings: CheckFinding[] = [];
          const open = all.filter((t) => NO_AUTH_TYPES.has(t)).map(securityTypeName);
          if (open.length > 0) {
            findings.push({
              key: 'no-auth',
              severity: 'critical',
              title: { en: 'VNC server lets anyone in without a password', zh: 'VNC 服务无需口令即可登录' },
              detail: {
                en: `The server offers ${open.join(', ')}: whoever connects sees and controls the desktop with the rights of the user who runs it. Require a password (TigerVNC: -SecurityTypes VncAuth,TLSVnc or VeNCrypt X509 types; x11vnc: -rfbauth), and reach VNC only through an SSH tunnel or VPN.`,
                zh: `服务器提供 ${open.join('、')} 认证方式：任何连接者都能以运行该服务的用户身份查看并控制桌面。请启用口令（TigerVNC 使用 -SecurityTypes VncAuth,TLSVnc 或 VeNCrypt X509 系列；x11vnc 使用 -rfbauth），并且只通过 SSH 隧道或 VPN 访问 VNC。`,
              },
              action: 'restrict',
              evidence: { offered: open.join(', ') },
            });
          }
          const weak = all.filter((t) => WEAK_AUTH_TYPES.has(t)).map(securityTypeName);
          if (weak.length > 0) {
            findings.push({
              key: 'weak-auth',
              severity: 'medium',
              title: {
                en: 'VNC password authentication without encryption',
                zh: 'VNC 口令认证未加密',
              },
              detail: {
                en: `The server offers ${weak.join(', ')}. Classic VNC Authentication uses at most 8 password characters in a DES challenge that can be cracked offline from one captured login, and the session that follows (screen and keystrokes) is not encrypted; Plain sends the password as is. Offer only TLS or X509 VeNCrypt types, or tunnel VNC through SSH or a VPN.`,
                zh: `服务器提供 ${weak.join('、')} 认证方式。传统 VNC 认证最多只用口令的前 8 个字符做 DES 挑战应答，截获一次登录即可离线破解，随后的会话（屏幕与键盘输入）也不加密；Plain 方式则直接发送口令。请只提供 TLS 或 X509 类的 VeNCrypt 方式，或通过 SSH 隧道、VPN 访问 VNC。`,
              },
              action: 'harden',
              evidence: { offered: weak.join(', ') },
            });
          }
          return {
            status: 'ok',
            evidence: { ...evidence, offered: names.join(', ') },
            findings,
            service: { service: 'vnc', extraInfo: `protocol ${protocol}` },
          };
        },
      );
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
