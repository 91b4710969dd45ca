/**
 * Configuration fixes for what the checks found, keyed by check id: the file, the lines to have in it, and the
 * command that makes the service read them. Values seen on the wire (an SNMP community) are shown quoted, and never
 * put in a command a shell would interpret.
 */
import type { Finding } from '../core/finding.js';
import { texts, type MessageKey } from '../core/i18n.js';
import { isPrintable, showValue } from './quote.js';
import type { Command, Step } from './types.js';

const sh = (...argv: string[]): Command => ({ dialect: 'posix', argv });
const ps = (...argv: string[]): Command => ({ dialect: 'powershell', argv });
const psScript = (script: string): Command => ({ dialect: 'powershell', argv: [], script });

interface Recipe {
  readonly key: MessageKey;
  readonly path?: string;
  readonly lines?: readonly string[];
  readonly commands: readonly Command[];
}

const POSTFIX = '/etc/postfix/main.cf';
const DOVECOT = '/etc/dovecot/conf.d/10-auth.conf';
const SMB = '/etc/samba/smb.conf';

/** Unix recipes (Debian paths). */
const UNIX: Readonly<Record<string, Recipe>> = {
  'ftp-anon': {
    key: 'fix.recipe.ftpAnon',
    path: '/etc/vsftpd.conf',
    lines: ['anonymous_enable=NO'],
    commands: [sh('systemctl', 'restart', 'vsftpd.service')],
  },
  'ftp-cleartext-login': {
    key: 'fix.recipe.ftpTls',
    path: '/etc/vsftpd.conf',
    lines: ['ssl_enable=YES', 'force_local_logins_ssl=YES', 'force_local_data_ssl=YES'],
    commands: [sh('systemctl', 'restart', 'vsftpd.service')],
  },
  'smtp-open-relay': {
    key: 'fix.recipe.smtpRelay',
    path: POSTFIX,
    lines: [
      'mynetworks = 127.0.0.0/8 [::1]/128',
      'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    ],
    commands: [sh('postfix', 'check'), sh('postfix', 'reload')],
  },
  'smtp-user-enum': {
    key: 'fix.recipe.smtpVrfy',
    path: POSTFIX,
    lines: ['disable_vrfy_command = yes'],
    commands: [sh('postfix', 'reload')],
  },
  'smtp-auth-before-tls': {
    key: 'fix.recipe.smtpTlsAuth',
    path: POSTFIX,
    lines: ['smtpd_tls_auth_only = yes'],
    commands: [sh('postfix', 'reload')],
  },
  'dns-zone-transfer': {
    key: 'fix.recipe.dnsAxfr',
    path: '/etc/bind/named.conf.options',
    lines: ['allow-transfer { none; };'],
    commands: [sh('named-checkconf'), sh('rndc', 'reload')],
  },
  'redis-noauth': {
    key: 'fix.recipe.redis',
    path: '/etc/redis/redis.conf',
    lines: ['bind 127.0.0.1 -::1', 'protected-mode yes'],
    commands: [sh('systemctl', 'restart', 'redis-server.service')],
  },
  'memcached-noauth': {
    key: 'fix.recipe.memcached',
    path: '/etc/memcached.conf',
    lines: ['-l 127.0.0.1', '-U 0'],
    commands: [sh('systemctl', 'restart', 'memcached.service')],
  },
  'memcached-udp': {
    key: 'fix.recipe.memcached',
    path: '/etc/memcached.conf',
    lines: ['-l 127.0.0.1', '-U 0'],
    commands: [sh('systemctl', 'restart', 'memcached.service')],
  },
  'mongodb-noauth': {
    key: 'fix.recipe.mongodb',
    path: '/etc/mongod.conf',
    lines: ['net:', '  bindIp: 127.0.0.1', 'security:', '  authorization: enabled'],
    commands: [sh('systemctl', 'restart', 'mongod.service')],
  },
  'elasticsearch-noauth': {
    key: 'fix.recipe.elasticsearch',
    path: '/etc/elasticsearch/elasticsearch.yml',
    lines: ['network.host: 127.0.0.1', 'xpack.security.enabled: true'],
    commands: [sh('systemctl', 'restart', 'elasticsearch.service')],
  },
  'docker-api-noauth': {
    key: 'fix.recipe.docker',
    path: '/etc/docker/daemon.json',
    lines: ['"hosts": ["unix:///var/run/docker.sock"]'],
    commands: [sh('systemctl', 'restart', 'docker.service')],
  },
  'smb-null-session': {
    key: 'fix.recipe.smbNull',
    path: SMB,
    lines: ['[global]', 'restrict anonymous = 2', 'map to guest = Never'],
    commands: [sh('testparm', '-s'), sh('smbcontrol', 'all', 'reload-config')],
  },
  'smb-signing': {
    key: 'fix.recipe.smbSigning',
    path: SMB,
    lines: ['[global]', 'server signing = mandatory'],
    commands: [sh('smbcontrol', 'all', 'reload-config')],
  },
  'smb-ms17-010': {
    key: 'fix.recipe.smb1',
    path: SMB,
    lines: ['[global]', 'server min protocol = SMB2_10'],
    commands: [sh('smbcontrol', 'all', 'reload-config')],
  },
  'smb-negotiate': {
    key: 'fix.recipe.smb1',
    path: SMB,
    lines: ['[global]', 'server min protocol = SMB2_10'],
    commands: [sh('smbcontrol', 'all', 'reload-config')],
  },
  'imap-plaintext-login': {
    key: 'fix.recipe.dovecot',
    path: DOVECOT,
    lines: ['disable_plaintext_auth = yes'],
    commands: [sh('doveadm', 'reload')],
  },
  'pop-plaintext-login': {
    key: 'fix.recipe.dovecot',
    path: DOVECOT,
    lines: ['disable_plaintext_auth = yes'],
    commands: [sh('doveadm', 'reload')],
  },
  'nfs-showmount': {
    key: 'fix.recipe.nfsExports',
    path: '/etc/exports',
    commands: [sh('exportfs', '-ra')],
  },
  'ssh-algorithms': {
    key: 'fix.recipe.sshAlgorithms',
    path: '/etc/ssh/sshd_config.d/50-portwarden.conf',
    lines: [
      'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org',
      'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com',
      'MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com',
    ],
    commands: [sh('sshd', '-t'), sh('systemctl', 'reload', 'ssh.service')],
  },
  'vnc-auth': { key: 'fix.recipe.vnc', commands: [sh('vncpasswd')] },
  'http-methods': {
    key: 'fix.recipe.httpTrace',
    path: '/etc/apache2/conf-available/security.conf',
    lines: ['TraceEnable Off'],
    commands: [sh('apachectl', 'configtest'), sh('systemctl', 'reload', 'apache2.service')],
  },
  'tls-versions': {
    key: 'fix.recipe.tlsVersions',
    path: '/etc/nginx/nginx.conf',
    lines: ['ssl_protocols TLSv1.2 TLSv1.3;'],
    commands: [sh('nginx', '-t'), sh('systemctl', 'reload', 'nginx.service')],
  },
  'rpcbind-udp-amplification': { key: 'fix.recipe.rpcbind', commands: [] },
};

/** Windows recipes (PowerShell), where Windows has its own fix. */
const WINDOWS: Readonly<Record<string, Recipe>> = {
  'smb-signing': {
    key: 'fix.recipe.smbSigning',
    commands: [psScript('Set-SmbServerConfiguration -RequireSecuritySignature $true -Force')],
  },
  'smb-ms17-010': {
    key: 'fix.recipe.smb1',
    commands: [psScript('Set-SmbServerConfiguration -EnableSMB1Protocol $false -Force')],
  },
  'smb-negotiate': {
    key: 'fix.recipe.smb1',
    commands: [psScript('Set-SmbServerConfiguration -EnableSMB1Protocol $false -Force')],
  },
  'smb-null-session': {
    key: 'fix.recipe.smbNull',
    commands: [
      ps(
        'Set-ItemProperty',
        '-Path',
        'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
        '-Name',
        'RestrictAnonymous',
        '-Value',
        '1',
      ),
    ],
  },
  'rdp-detect': {
    key: 'fix.recipe.rdpNla',
    commands: [
      ps(
        'Set-ItemProperty',
        '-Path',
        'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
        '-Name',
        'UserAuthentication',
        '-Value',
        '1',
      ),
    ],
  },
};

function recipeStep(r: Recipe, params: Readonly<Record<string, string>> = {}): Step {
  return {
    kind: 'config',
    text: texts(r.key, params),
    commands: r.commands,
    ...(r.path !== undefined && { file: { path: r.path, lines: r.lines ?? [] } }),
  };
}

/** SNMP: the community seen is removed from snmpd.conf (or the Windows SNMP service's list). */
function snmpSteps(finding: Finding, windows: boolean): Step[] {
  const community = finding.evidence['community'];
  if (typeof community !== 'string') return [];
  if (!isPrintable(community)) {
    // A community with control characters cannot be named safely in a command; say so instead.
    return [
      { kind: 'config', text: texts('fix.recipe.snmpUnsafe', { community: showValue(community) }), commands: [] },
    ];
  }
  if (windows) {
    return [
      {
        kind: 'config',
        text: texts('fix.recipe.snmpWindows', { community: showValue(community) }),
        commands: [
          ps(
            'Remove-ItemProperty',
            '-Path',
            'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities',
            '-Name',
            community,
          ),
          ps('Restart-Service', '-Name', 'SNMP'),
        ],
      },
    ];
  }
  return [
    {
      kind: 'config',
      text: texts('fix.recipe.snmp', { community: showValue(community) }),
      file: { path: '/etc/snmp/snmpd.conf', lines: ['rouser <v3-user> authpriv'] },
      commands: [sh('systemctl', 'restart', 'snmpd.service')],
    },
  ];
}

/** DNS recursion: dnsmasq's --local-service, else BIND's allow-recursion. */
function dnsRecursionSteps(product: string | null): Step[] {
  if (product !== null && /dnsmasq/i.test(product)) {
    return [
      recipeStep({
        key: 'fix.recipe.dnsmasq',
        path: '/etc/dnsmasq.conf',
        lines: ['local-service'],
        commands: [sh('systemctl', 'restart', 'dnsmasq.service')],
      }),
    ];
  }
  return [
    recipeStep({
      key: 'fix.recipe.bindRecursion',
      path: '/etc/bind/named.conf.options',
      lines: ['allow-recursion { localhost; localnets; };'],
      commands: [sh('named-checkconf'), sh('rndc', 'reload')],
    }),
  ];
}

/**
 * The configuration steps for a check's finding on a platform ('windows' or a Unix firewall); [] when the check has
 * no recipe (its finding is handled by the firewall and service steps).
 * @example recipeSteps(anonFtpFinding, false, null)[0].file // { path: '/etc/vsftpd.conf', lines: ['anonymous_enable=NO'] }
 */
export function recipeSteps(finding: Finding, windows: boolean, product: string | null): Step[] {
  if (finding.rule === 'snmp-community' || finding.rule === 'snmp-write') return snmpSteps(finding, windows);
  if (finding.rule === 'dns-recursion' && !windows) return dnsRecursionSteps(product);
  const r = (windows ? WINDOWS : UNIX)[finding.rule];
  return r === undefined ? [] : [recipeStep(r)];
}

/** The check ids that have a recipe (for tests and docs). */
export const RECIPE_CHECKS: readonly string[] = [
  ...new Set([...Object.keys(UNIX), ...Object.keys(WINDOWS), 'snmp-community', 'snmp-write', 'dns-recursion']),
];
