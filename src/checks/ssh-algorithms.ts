/**
 * ssh-algorithms: reads the server's SSH_MSG_KEXINIT (RFC 4253 §7.1), sent in clear before any key exchange, and
 * flags weak key exchange, host key, cipher and MAC algorithms and a missing Terrapin countermeasure (strict kex).
 *
 * @output
 * 22/tcp ssh-algorithms: kex 11, host keys 3, ciphers 6, MACs 10 offered
 *   medium  Weak SSH ciphers offered: aes128-cbc, 3des-cbc
 */
import type { Check, CheckFinding } from './types.js';
import type { Severity } from '../core/finding.js';
import { withStream } from '../protocols/net/stream.js';
import { terrapinExposed, weakAlgorithms, type AlgorithmKind, type Weakness } from '../protocols/ssh/codec.js';
import { readIdent, readKexInit } from '../protocols/ssh/client.js';

const KIND_TEXT: Record<AlgorithmKind, { en: string; zh: string }> = {
  kex: { en: 'key exchange algorithms', zh: '密钥交换算法' },
  hostKey: { en: 'host key algorithms', zh: '主机密钥算法' },
  cipher: { en: 'ciphers', zh: '加密算法' },
  mac: { en: 'MAC algorithms', zh: '消息认证码（MAC）算法' },
};

// A broken cipher or MAC ("none", RC4, DES) exposes sessions directly; a broken key exchange (1024-bit group)
// is within reach of a state-level attacker; CBC, 64-bit blocks, MD5 or truncated MACs are weak; SHA-1 is legacy.
const SEVERITY: Record<AlgorithmKind, Record<Weakness, Severity>> = {
  kex: { broken: 'medium', weak: 'medium', legacy: 'low' },
  hostKey: { broken: 'medium', weak: 'low', legacy: 'low' },
  cipher: { broken: 'high', weak: 'medium', legacy: 'low' },
  mac: { broken: 'high', weak: 'medium', legacy: 'low' },
};
const RANK: Record<Weakness, number> = { broken: 3, weak: 2, legacy: 1 };

export const check: Check = {
  id: 'ssh-algorithms',
  title: { en: 'SSH algorithm offer', zh: 'SSH 算法协商报价' },
  categories: ['safe'],
  references: ['RFC 4253', 'RFC 9142', 'RFC 8758', 'RFC 8332', 'CVE-2008-5161', 'CVE-2023-48795'],
  applies: { transport: 'tcp', ports: [22], services: ['ssh'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      const kexinit = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
        },
        async (s) => {
          await readIdent(s);
          return readKexInit(s);
        },
      );
      const ciphers = [...new Set([...kexinit.cipherS2C, ...kexinit.cipherC2S])];
      const macs = [...new Set([...kexinit.macS2C, ...kexinit.macC2S])];
      const weak = weakAlgorithms(kexinit);
      const terrapin = terrapinExposed(kexinit);
      const findings: CheckFinding[] = [];
      for (const kind of ['kex', 'hostKey', 'cipher', 'mac'] as const) {
        const bad = weak.filter((w) => w.kind === kind);
        if (bad.length === 0) continue;
        const worst = bad.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a));
        const list = bad.map((w) => `${w.name} (${w.why})`).join(', ');
        const names = bad.map((w) => w.name).join(', ');
        findings.push({
          key: kind,
          severity: SEVERITY[kind][worst.level],
          title: {
            en: `Weak SSH ${KIND_TEXT[kind].en} offered: ${names}`,
            zh: `服务器提供了弱 SSH ${KIND_TEXT[kind].zh}：${names}`,
          },
          detail: {
            en: `The server still offers ${list}. A client that prefers or only supports them gets a weaker session. Remove them from sshd_config (KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs with a leading '-'), check with sshd -T, and reload.`,
            zh: `服务器仍提供 ${list}。偏好或只支持这些算法的客户端会得到更弱的会话保护。请在 sshd_config 中去掉它们（在 KexAlgorithms、HostKeyAlgorithms、Ciphers、MACs 中用前缀“-”移除），用 sshd -T 确认后重新加载。`,
          },
          action: 'harden',
          evidence: { [kind]: names, worst: worst.level },
        });
      }
      if (terrapin.exposed) {
        findings.push({
          key: 'terrapin',
          severity: 'medium',
          title: {
            en: 'Open to Terrapin prefix truncation (CVE-2023-48795)',
            zh: '存在 Terrapin 前缀截断风险（CVE-2023-48795）',
          },
          detail: {
            en: `The server offers ${terrapin.via.join(', ')} but not the strict-kex countermeasure (kex-strict-s-v00@openssh.com), so a man in the middle can delete the first encrypted messages and downgrade security extensions. Upgrade to OpenSSH 9.6 or a patched build, or remove those modes.`,
            zh: `服务器提供 ${terrapin.via.join('、')}，却不支持 strict kex 防护（kex-strict-s-v00@openssh.com），中间人可以删除加密会话开头的消息并降级安全扩展。请升级到 OpenSSH 9.6 或已修补的版本，或去掉这些模式。`,
          },
          action: 'harden',
          evidence: { via: terrapin.via.join(','), strictKex: false },
        });
      }
      return {
        status: 'ok',
        evidence: {
          kex: kexinit.kex.join(','),
          hostKey: kexinit.hostKey.join(','),
          ciphers: ciphers.join(','),
          macs: macs.join(','),
          compression: kexinit.compressionS2C.join(','),
          strictKex: terrapin.strictKex,
        },
        findings,
      };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
