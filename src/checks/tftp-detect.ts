/**
 * tftp-detect: asks for a random file name that no server holds. Any TFTP answer (an ERROR, or even DATA) proves a
 * server is there, and TFTP has no authentication at all: whoever reaches the port can read what it serves.
 *
 * @output
 * 69/udp tftp-detect: TFTP server answers: ERROR 1 "File not found" for pw-3f9c2a1b.txt
 */
import { randomBytes } from 'node:crypto';
import type { Check } from './types.js';
import { NetworkError } from '../core/errors.js';
import { TFTP_ERRORS } from '../protocols/tftp/codec.js';
import { tftpFirstPacket } from '../protocols/tftp/client.js';

export const check: Check = {
  id: 'tftp-detect',
  title: { en: 'TFTP server without authentication', zh: '无认证的 TFTP 服务器' },
  categories: ['safe', 'discovery'],
  references: ['RFC 1350', 'CVE-1999-0183'],
  applies: { transport: 'udp', ports: [69], services: ['tftp'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    const file = `pw-${randomBytes(4).toString('hex')}.txt`;
    let reply;
    try {
      reply = await tftpFirstPacket({ host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }, file);
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'NETWORK') {
        return { status: 'not-applicable', reason: `no TFTP server: ${err.message}` };
      }
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    if (reply === null) return { status: 'not-applicable', reason: 'no TFTP answer to a read request' };
    const answer =
      reply.opcode === 'error'
        ? `ERROR ${reply.code} "${reply.message.replace(/[^\x20-\x7e]/g, '?')}"`
        : reply.opcode === 'data'
          ? `DATA block ${reply.block} (${reply.dataLength} bytes)`
          : 'OACK';
    const evidence = {
      file,
      answer,
      errorCode: reply.opcode === 'error' ? reply.code : null,
      errorName: reply.opcode === 'error' ? (TFTP_ERRORS[reply.code] ?? null) : null,
    };
    return {
      status: 'ok',
      evidence,
      findings: [
        {
          key: '',
          severity: 'medium',
          title: { en: 'TFTP server reachable (no authentication)', zh: 'TFTP 服务器可达（无任何认证）' },
          detail: {
            en:
              `A read request for the random name ${file} got ${answer}, so a TFTP server is listening. TFTP has ` +
              `no user names or passwords: anyone who reaches the port can read every file it serves (device ` +
              `configurations, boot images) and, if writes are enabled, replace them. Keep it only on the ` +
              `provisioning network, firewall UDP 69 from everywhere else, run it read-only in a chroot ` +
              `(tftpd-hpa --secure without --create) and stop it when no device boots from it.`,
            zh:
              `对随机文件名 ${file} 的读请求得到了应答（${answer}），说明有 TFTP 服务器在监听。TFTP 没有用户名和密码：` +
              `能访问该端口的人就能读取它提供的全部文件（设备配置、引导镜像），若允许写入还能替换它们。请只在装机/引导网络中` +
              `保留它，在防火墙上对其他来源屏蔽 UDP 69，以只读方式在 chroot 中运行（tftpd-hpa --secure，不加 --create），` +
              `没有设备需要从它引导时就停掉它。`,
          },
          action: 'restrict',
          evidence,
        },
      ],
      service: { service: 'tftp' },
    };
  },
};
