// OpenSSH with a current, hardened algorithm list and key-only logins: what ssh-algorithms and ssh-auth-methods
// should find nothing wrong with.
import type { LabHost } from '../lab.js';
import { startSshd } from './ssh-weak.js';

export const host: LabHost = {
  name: 'ssh',
  octet: 170,
  description: 'OpenSSH sshd, modern algorithms only, public-key logins only',
  packages: ['openssh-server'],
  programs: ['/usr/sbin/sshd', 'ssh-keygen'],
  async start(ctx) {
    await startSshd(ctx, [
      'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org',
      'HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256',
      'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr',
      'MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
    ]);
  },
};
