/**
 * ssh-banner: reads the SSH identification line (RFC 4253 §4.2) and reports the protocol and software versions,
 * the operating system the line names, SSH-1 support and software versions with known pre-authentication flaws.
 *
 * @output
 * 22/tcp ssh-banner: SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 (protocol 2.0, OpenSSH 9.2p1, Debian)
 */
import type { Check, CheckFinding, Evidence } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { osHint, type SshIdent } from '../protocols/ssh/codec.js';
import { readIdent } from '../protocols/ssh/client.js';

/** Product and version from the software part: OpenSSH_9.2p1, dropbear_2022.83, libssh_0.10.5, Cisco-1.25. */
export function sshProduct(ident: SshIdent): { product: string; version: string | null } {
  const m =
    /^(OpenSSH|dropbear|libssh|Cisco|ROSSSH|RomSShell|FortiSSH|AsyncSSH|paramiko|Go|SSHD|mod_sftp)[_-]?(.*)$/i.exec(
      ident.software,
    );
  if (m === null) return { product: ident.software, version: null };
  const names: Record<string, string> = {
    openssh: 'OpenSSH',
    dropbear: 'Dropbear',
    libssh: 'libssh',
    cisco: 'Cisco SSH',
  };
  const raw = m[1] ?? '';
  return { product: names[raw.toLowerCase()] ?? raw, version: m[2] === '' || m[2] === undefined ? null : m[2] };
}

/** [major, minor, portable] of an OpenSSH version such as 9.2p1 or 8.9; null when it is not one. */
function opensshVersion(version: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)(?:p(\d+))?/.exec(version);
  return m === null ? null : [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

// Distribution builds of OpenSSH 8.5p1–9.7p1 that carry the regreSSHion fix (DSA-5724-1, USN-6859-1). The
// identification comment of Debian and Ubuntu names the package revision, so it can be compared.
const REGRESSHION_FIXED: readonly { test: RegExp; min: number }[] = [
  { test: /^Debian-2\+deb12u(\d+)/, min: 3 },
  { test: /^Ubuntu-3ubuntu13\.(\d+)/, min: 3 },
  { test: /^Ubuntu-1ubuntu3\.(\d+)/, min: 6 },
  { test: /^Ubuntu-3ubuntu0\.(\d+)/, min: 10 },
];

function regresshion(product: string, version: string | null, ident: SshIdent): 'vulnerable' | 'fixed' | null {
  if (product !== 'OpenSSH' || version === null) return null;
  const v = opensshVersion(version);
  if (v === null) return null;
  const n = v[0] * 100 + v[1];
  if (n < 805 || n >= 908) return null;
  if (/OpenBSD/i.test(ident.comments)) return null;
  for (const f of REGRESSHION_FIXED) {
    const m = f.test.exec(ident.comments);
    if (m !== null) return Number(m[1]) >= f.min ? 'fixed' : 'vulnerable';
  }
  return 'vulnerable';
}

function dropbearFormatString(product: string, version: string | null): boolean {
  if (product !== 'Dropbear' || version === null) return false;
  const m = /^(\d{4})\.(\d+)/.exec(version);
  return m !== null && Number(m[1]) * 1000 + Number(m[2]) < 2016074;
}

export const check: Check = {
  id: 'ssh-banner',
  title: { en: 'SSH version string', zh: 'SSH 版本字符串' },
  categories: ['safe', 'discovery'],
  references: ['RFC 4253', 'CVE-2024-6387', 'CVE-2016-7406', 'https://www.openssh.com/releasenotes.html'],
  applies: { transport: 'tcp', ports: [22], services: ['ssh'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      const { ident, line } = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 64 * 1024 },
        },
        (s) => readIdent(s),
      );
      const { product, version } = sshProduct(ident);
      const os = osHint(ident);
      const evidence: Evidence = {
        banner: line,
        protocol: ident.protoVersion,
        software: ident.software,
        comments: ident.comments,
        product,
        version,
        os,
      };
      const findings: CheckFinding[] = [];
      if (ident.protoVersion.startsWith('1.')) {
        findings.push({
          key: 'ssh1',
          severity: 'high',
          title: { en: 'SSH protocol version 1 is accepted', zh: '服务器接受 SSH 协议第 1 版' },
          detail: {
            en: `The server announces protocol ${ident.protoVersion}. SSH-1 has design flaws (CRC-32 integrity, session-key recovery) that allow session hijacking and decryption; OpenSSH removed it in 7.6. Disable protocol 1 or replace the server.`,
            zh: `服务器声明的协议版本为 ${ident.protoVersion}。SSH-1 存在设计缺陷（CRC-32 完整性校验、会话密钥可被恢复），会话可被劫持或解密；OpenSSH 已在 7.6 版中将其删除。请禁用第 1 版协议或更换服务端软件。`,
          },
          action: 'harden',
          evidence: { protocol: ident.protoVersion },
        });
      }
      const rce = regresshion(product, version, ident);
      if (rce === 'vulnerable') {
        findings.push({
          key: 'CVE-2024-6387',
          severity: 'high',
          title: {
            en: 'OpenSSH version affected by regreSSHion (CVE-2024-6387)',
            zh: 'OpenSSH 版本受 regreSSHion（CVE-2024-6387）影响',
          },
          detail: {
            en: `${line} is in the range 8.5p1–9.7p1 whose sshd has a signal-handler race that lets an unauthenticated attacker run code as root on glibc Linux. Unless the distribution backported the fix (check the package changelog), upgrade to 9.8p1 or a fixed build; meanwhile LoginGraceTime 0 blocks the exploit.`,
            zh: `${line} 处于 8.5p1–9.7p1 范围内，其 sshd 存在信号处理竞争条件，在 glibc Linux 上未认证的攻击者可以 root 身份执行代码。除非发行版已向后移植修复（请查看软件包更新日志），否则请升级到 9.8p1 或已修复的版本；在此之前可设置 LoginGraceTime 0 阻断利用。`,
          },
          action: 'harden',
          evidence: { product, version, comments: ident.comments },
        });
      }
      if (dropbearFormatString(product, version)) {
        findings.push({
          key: 'CVE-2016-7406',
          severity: 'critical',
          title: { en: 'Dropbear older than 2016.74', zh: 'Dropbear 版本早于 2016.74' },
          detail: {
            en: `Dropbear ${version ?? ''} has a format-string flaw in its username and host-argument handling (CVE-2016-7406) that allows remote code execution, among other fixed bugs. Upgrade the firmware or Dropbear.`,
            zh: `Dropbear ${version ?? ''} 在处理用户名和主机参数时存在格式化字符串漏洞（CVE-2016-7406），可导致远程代码执行，此外还有其他已修复的缺陷。请升级固件或 Dropbear。`,
          },
          action: 'harden',
          evidence: { product, version },
        });
      }
      const extra = [os, `protocol ${ident.protoVersion}`].filter((x) => x !== null).join('; ');
      return {
        status: 'ok',
        evidence: { ...evidence, regresshion: rce },
        findings,
        service: {
          service: 'ssh',
          product,
          ...(version !== null && { version }),
          extraInfo: ident.comments === '' ? extra : `${ident.comments}; ${extra}`,
          banner: line,
        },
      };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
