// OpenSSH with the legacy algorithms Debian still compiles in turned back on (1024-bit DH group, DSA host key,
// CBC ciphers, MD5 and truncated MACs) and password logins: what ssh-algorithms and ssh-auth-methods flag.
import type { LabHost, LabHostContext } from '../lab.js';

/** Start sshd in the foreground with host keys, pid file and log under ctx.dir and `extra` config lines. */
export async function startSshd(ctx: LabHostContext, extra: readonly string[], dsa = false): Promise<void> {
  // sshd insists on its privilege-separation directory; it is empty and shared harmlessly by every sshd.
  ctx.exec('mkdir', ['-p', '/run/sshd']);
  const keys = ['ed25519', 'rsa', ...(dsa ? ['dsa'] : [])].map((type) => {
    const path = `${ctx.dir}/ssh_host_${type}_key`;
    ctx.exec('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `lab-${type}`, '-f', path]);
    return path;
  });
  const config = ctx.file(
    'sshd_config',
    [
      `ListenAddress ${ctx.address}`,
      `ListenAddress [${ctx.address6}]`,
      'Port 22',
      ...keys.map((k) => `HostKey ${k}`),
      `PidFile ${ctx.dir}/sshd.pid`,
      'UsePAM no',
      'PermitRootLogin no',
      'AuthorizedKeysFile none',
      ...extra,
      '',
    ].join('\n'),
  );
  ctx.daemon('/usr/sbin/sshd', ['-D', '-e', '-f', config], 'sshd');
  await ctx.waitTcp(22);
}

export const host: LabHost = {
  name: 'ssh-weak',
  octet: 171,
  description: 'OpenSSH sshd with legacy algorithms re-enabled and password logins',
  packages: ['openssh-server'],
  programs: ['/usr/sbin/sshd', 'ssh-keygen'],
  async start(ctx) {
    await startSshd(
      ctx,
      [
        'KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group14-sha1',
        'HostKeyAlgorithms +ssh-dss,ssh-rsa',
        'Ciphers +aes128-cbc,3des-cbc',
        'MACs +hmac-md5,hmac-sha1-96',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication yes',
      ],
      true,
    );
  },
};
