/** The service-level fix for a port to close: stop and disable what owns it, per init system and per platform. */
import { texts } from '../core/i18n.js';
import type { Transport } from '../core/socket.js';
import { isUnitName, shellQuote, showValue } from './quote.js';
import type { ServiceOwner } from './service.js';
import type { Command, Step } from './types.js';

const sh = (...argv: string[]): Command => ({ dialect: 'posix', argv });
const ps = (...argv: string[]): Command => ({ dialect: 'powershell', argv });

/** Debian's units for the services the knowledge base most often says to close, when no pid says which one runs. */
const USUAL_UNITS: Readonly<Record<string, readonly string[]>> = {
  '21/tcp': ['vsftpd.service'],
  '25/tcp': ['postfix.service'],
  '53/tcp': ['named.service'],
  '53/udp': ['named.service'],
  '69/udp': ['tftpd-hpa.service'],
  '110/tcp': ['dovecot.service'],
  '111/tcp': ['rpcbind.socket', 'rpcbind.service'],
  '111/udp': ['rpcbind.socket', 'rpcbind.service'],
  '119/tcp': ['inn2.service'],
  '137/udp': ['nmbd.service'],
  '138/udp': ['nmbd.service'],
  '139/tcp': ['smbd.service'],
  '143/tcp': ['dovecot.service'],
  '161/udp': ['snmpd.service'],
  '445/tcp': ['smbd.service'],
  '873/tcp': ['rsync.service'],
  '1900/udp': ['minissdpd.service'],
  '2049/tcp': ['nfs-server.service'],
  '3306/tcp': ['mariadb.service'],
  '5353/udp': ['avahi-daemon.socket', 'avahi-daemon.service'],
  '5432/tcp': ['postgresql.service'],
  '6379/tcp': ['redis-server.service'],
  '9200/tcp': ['elasticsearch.service'],
  '11211/tcp': ['memcached.service'],
  '11211/udp': ['memcached.service'],
  '27017/tcp': ['mongod.service'],
};

/** Services inetd usually starts (Debian's inetd.conf names), by port. */
const INETD_NAMES: Readonly<Record<string, string>> = {
  '23/tcp': 'telnet',
  '79/tcp': 'finger',
  '113/tcp': 'ident',
  '21/tcp': 'ftp',
  '69/udp': 'tftp',
  '7/tcp': 'echo',
  '13/tcp': 'daytime',
  '19/tcp': 'chargen',
  '512/tcp': 'exec',
  '513/tcp': 'login',
  '514/tcp': 'shell',
};

export interface ServiceContext {
  readonly host: string;
  readonly transport: Transport;
  readonly port: number;
  /** The knowledge base's (or IANA's) name of the service. */
  readonly service: string | null;
}

function ownerStep(owner: ServiceOwner, ctx: ServiceContext): Step {
  switch (owner.kind) {
    case 'systemd-service':
      return owner.user
        ? {
            kind: 'service',
            text: texts('fix.service.systemdUser', { unit: owner.unit }),
            commands: [sh('systemctl', '--user', 'disable', '--now', owner.unit)],
          }
        : {
            kind: 'service',
            text: texts('fix.service.systemd', { unit: owner.unit }),
            commands: [sh('systemctl', 'disable', '--now', owner.unit), sh('systemctl', 'mask', owner.unit)],
          };
    case 'systemd-socket':
      return {
        kind: 'service',
        text: texts('fix.service.socket', { unit: owner.unit }),
        commands: [
          sh('systemctl', 'disable', '--now', owner.unit),
          ...(owner.activates.length > 0 ? [sh('systemctl', 'stop', ...owner.activates)] : []),
          sh('systemctl', 'mask', owner.unit),
        ],
      };
    case 'inetd': {
      const name = INETD_NAMES[`${ctx.port}/${ctx.transport}`] ?? ctx.service ?? String(ctx.port);
      const safe = /^[a-z0-9][a-z0-9.-]*$/.test(name) ? name : String(ctx.port);
      if (owner.daemon === 'xinetd') {
        return {
          kind: 'service',
          text: texts('fix.service.xinetd', { service: safe }),
          file: { path: `/etc/xinetd.d/${safe}`, lines: ['disable = yes'] },
          commands: [sh('systemctl', 'reload', owner.unit ?? 'xinetd.service')],
        };
      }
      return {
        kind: 'service',
        text: texts('fix.service.inetd', { service: safe, daemon: owner.daemon }),
        file: { path: '/etc/inetd.conf', lines: [`#${safe} …`] },
        commands: [sh('systemctl', 'restart', owner.unit ?? `${owner.daemon}.service`)],
      };
    }
    case 'container':
      return {
        kind: 'service',
        text: texts('fix.service.container', { id: owner.id, runtime: owner.runtime }),
        commands: [sh(owner.runtime, 'stop', owner.id)],
      };
    case 'process':
      return {
        kind: 'service',
        text: texts('fix.service.process', {
          pid: owner.pid,
          name: showValue(owner.name),
          command:
            owner.command === null
              ? '?'
              : owner.command
                  .split('\0')
                  .filter((a) => a !== '')
                  .map(shellQuote)
                  .join(' ') || shellQuote(owner.command),
        }),
        commands: [sh('kill', String(owner.pid))],
      };
  }
}

/**
 * Linux (and other Unix) service steps: from the owners found on this machine, or Debian's usual unit for the port.
 * @example linuxServiceSteps([{ kind: 'systemd-service', unit: 'vsftpd.service', user: false }], ctx)[0].commands[0].argv
 * // ['systemctl', 'disable', '--now', 'vsftpd.service']
 */
export function linuxServiceSteps(owners: readonly ServiceOwner[], ctx: ServiceContext): Step[] {
  if (owners.length > 0) {
    const seen = new Set<string>();
    return owners
      .filter((o) => {
        const key = JSON.stringify(o.kind === 'process' ? { ...o, pid: 0 } : o);
        return !seen.has(key) && (seen.add(key), true);
      })
      .map((o) => ownerStep(o, ctx));
  }
  const units = (USUAL_UNITS[`${ctx.port}/${ctx.transport}`] ?? []).filter(isUnitName);
  if (units.length > 0) {
    return [
      {
        kind: 'service',
        text: texts('fix.service.usual', { host: ctx.host, units: units.join(', ') }),
        commands: [sh('systemctl', 'disable', '--now', ...units)],
      },
    ];
  }
  const inetd = INETD_NAMES[`${ctx.port}/${ctx.transport}`];
  if (inetd !== undefined) {
    return [
      {
        kind: 'service',
        text: texts('fix.service.inetd', { service: inetd, daemon: 'inetd' }),
        file: { path: '/etc/inetd.conf', lines: [`#${inetd} …`] },
        commands: [],
      },
    ];
  }
  return [{ kind: 'service', text: texts('fix.service.unknown', { host: ctx.host }), commands: [] }];
}

interface WindowsFix {
  readonly services?: readonly string[];
  readonly key: 'fix.win.service' | 'fix.win.netbios' | 'fix.win.rdp' | 'fix.win.winrm' | 'fix.win.smb' | 'fix.win.rpc';
  readonly script?: string;
}

const NETBIOS: WindowsFix = {
  key: 'fix.win.netbios',
  // TcpipNetbiosOptions 2 = disable NetBIOS over TCP/IP, per adapter (the same as the adapter's WINS tab).
  script:
    "Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled=TRUE' | Invoke-CimMethod -MethodName SetTcpipNetbios -Arguments @{ TcpipNetbiosOptions = 2 }",
};

/** Windows' own services behind well-known ports (service short names, as `Get-Service` shows them). */
const WINDOWS: Readonly<Record<string, WindowsFix>> = {
  '21/tcp': { services: ['FTPSVC'], key: 'fix.win.service' },
  '23/tcp': { services: ['TlntSvr'], key: 'fix.win.service' },
  '25/tcp': { services: ['SMTPSVC'], key: 'fix.win.service' },
  '80/tcp': { services: ['W3SVC'], key: 'fix.win.service' },
  '135/tcp': { key: 'fix.win.rpc' },
  '137/udp': NETBIOS,
  '138/udp': NETBIOS,
  '139/tcp': NETBIOS,
  '161/udp': { services: ['SNMP'], key: 'fix.win.service' },
  '445/tcp': { services: ['LanmanServer'], key: 'fix.win.smb' },
  '1433/tcp': { services: ['MSSQLSERVER'], key: 'fix.win.service' },
  '1900/udp': { services: ['SSDPSRV'], key: 'fix.win.service' },
  '3389/tcp': {
    key: 'fix.win.rdp',
    script:
      "Set-ItemProperty -Path 'HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 1",
  },
  '5985/tcp': { services: ['WinRM'], key: 'fix.win.winrm', script: 'Disable-PSRemoting -Force' },
  '5986/tcp': { services: ['WinRM'], key: 'fix.win.winrm', script: 'Disable-PSRemoting -Force' },
};

/**
 * Windows service steps (PowerShell): the Windows service behind the port, or stopping the holder by pid.
 * @example windowsServiceSteps(ctx23, [])[0].commands[1].argv // ['Set-Service', '-Name', 'TlntSvr', '-StartupType', 'Disabled']
 */
export function windowsServiceSteps(ctx: ServiceContext, pids: readonly { pid: number; name: string }[]): Step[] {
  const fix = WINDOWS[`${ctx.port}/${ctx.transport}`];
  if (fix !== undefined) {
    const services = fix.services ?? [];
    return [
      {
        kind: 'service',
        text: texts(fix.key, { services: services.join(', ') }),
        commands: [
          ...(fix.script === undefined ? [] : [{ dialect: 'powershell' as const, argv: [], script: fix.script }]),
          ...services.flatMap((s) => [
            ps('Stop-Service', '-Name', s, '-Force'),
            ps('Set-Service', '-Name', s, '-StartupType', 'Disabled'),
          ]),
        ],
      },
    ];
  }
  if (pids.length > 0) {
    return pids.map((p) => ({
      kind: 'service' as const,
      text: texts('fix.win.process', { pid: p.pid, name: showValue(p.name) }),
      commands: [ps('Stop-Process', '-Id', String(p.pid))],
    }));
  }
  return [{ kind: 'service', text: texts('fix.service.unknown', { host: ctx.host }), commands: [] }];
}
