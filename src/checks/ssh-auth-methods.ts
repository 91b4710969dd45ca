/**
 * ssh-auth-methods: completes an SSH-2 key exchange (RFC 4253; curve25519-sha256, RFC 8731), requests the
 * ssh-userauth service and sends a `none` authentication request for a random user name (RFC 4252 §5.2). The
 * USERAUTH_FAILURE lists the methods the server accepts; no password or key is ever tried. It reports the host key
 * type and fingerprint, flags password and keyboard-interactive logins, and a server that lets anyone in with `none`.
 *
 * @output
 * 22/tcp ssh-auth-methods: publickey,password,keyboard-interactive (host key ssh-ed25519 SHA256:3nU…)
 *   medium  SSH accepts password logins (password, keyboard-interactive)
 */
import { randomBytes } from 'node:crypto';
import type { Check, CheckFinding } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import { SshTransport } from '../protocols/ssh/transport.js';
import { askNone } from '../protocols/ssh/userauth.js';

/** Methods that let a client log in by guessing a secret typed by a human. */
const PASSWORD_METHODS = ['password', 'keyboard-interactive'];

export const check: Check = {
  id: 'ssh-auth-methods',
  title: { en: 'SSH authentication methods', zh: 'SSH 认证方式' },
  categories: ['safe', 'auth'],
  references: ['RFC 4252', 'RFC 4253', 'RFC 8731', 'RFC 4256', 'https://man.openbsd.org/sshd_config'],
  applies: { transport: 'tcp', ports: [22], services: ['ssh'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    // A user name no server has, so the answer is the server's policy, not an account's.
    const user = `pw-${randomBytes(6).toString('hex')}`;
    try {
      const { info, answer, banner } = await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 256 * 1024 },
        },
        async (s) => {
          const transport = new SshTransport(s);
          const info = await transport.handshake();
          const result = await askNone(transport, user);
          transport.disconnect();
          return { info, ...result };
        },
      );
      const methods = answer.kind === 'failure' ? answer.methods : [];
      const evidence = {
        methods: answer.kind === 'success' ? 'none (accepted)' : methods.join(','),
        user,
        hostKeyType: info.hostKeyType,
        hostKeyFingerprint: info.hostKeyFingerprint,
        kex: info.kex,
        cipher: info.cipher,
        mac: info.mac,
        ...(banner !== '' && { banner }),
      };
      const findings: CheckFinding[] = [];
      if (answer.kind === 'success') {
        findings.push({
          key: 'none',
          severity: 'critical',
          title: {
            en: 'SSH lets anyone in without authentication',
            zh: 'SSH 无需任何认证即可登录',
          },
          detail: {
            en: `The server answered USERAUTH_SUCCESS to the "none" method for the made-up user ${user}: anyone who connects gets a session without a password or key. Take the service off the network until it requires authentication (on embedded devices, update the firmware or disable SSH; for OpenSSH, check for a patched or replaced sshd).`,
            zh: `服务器对随机生成的用户名 ${user} 使用 “none” 方式的认证请求返回了 USERAUTH_SUCCESS：任何人连上来都能在不提供口令或密钥的情况下获得会话。请在它强制认证之前把该服务从网络上撤下（嵌入式设备请升级固件或关闭 SSH；OpenSSH 请检查 sshd 是否被篡改或替换）。`,
          },
          action: 'close',
          evidence: { user, answer: 'USERAUTH_SUCCESS' },
        });
      }
      const guessable = methods.filter((m) => PASSWORD_METHODS.includes(m));
      if (guessable.length > 0) {
        findings.push({
          key: 'password',
          severity: 'medium',
          title: {
            en: `SSH accepts password logins (${guessable.join(', ')})`,
            zh: `SSH 允许口令登录（${guessable.join('、')}）`,
          },
          detail: {
            en: `The server offers ${guessable.join(' and ')} authentication, so anyone who can reach it can guess passwords: internet-facing SSH servers receive automated guessing within minutes, and weak or reused passwords are how botnets such as FritzFrog and XorDDoS get in. Allow only public keys: set PasswordAuthentication no and KbdInteractiveAuthentication no in sshd_config (and in any Match block), check with sshd -T, reload sshd, and limit who can connect (firewall, AllowUsers, fail2ban or PerSourcePenalties).`,
            zh: `服务器提供 ${guessable.join(' 和 ')} 认证方式，任何能连上它的人都可以猜测口令：暴露在公网的 SSH 服务器上线几分钟内就会遭到自动化爆破，FritzFrog、XorDDoS 等僵尸网络正是借助弱口令或重复使用的口令入侵的。请只允许公钥登录：在 sshd_config（包括所有 Match 块）中设置 PasswordAuthentication no 和 KbdInteractiveAuthentication no，用 sshd -T 确认后重新加载 sshd，并限制可连接的来源（防火墙、AllowUsers、fail2ban 或 PerSourcePenalties）。`,
          },
          action: 'harden',
          evidence: { methods: methods.join(','), guessable: guessable.join(',') },
        });
      }
      return { status: 'ok', evidence, findings };
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
