// Issue 5's "done when", end to end: `portwarden scan -sV --checks default` over every host of the shared lab
// reports each daemon's service (and product where the daemon tells it) and every planted weakness, and no finding
// at all beyond the knowledge base's exposure judgement on the hardened hosts. Then the intrusive checks, with
// --intrusive, against the hosts planted for them. Runs inside the lab namespace (npm test puts it there).
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-run.js';
import { labHost, type ReadyHost } from './lab/lab.js';

interface Event {
  type: string;
  host?: string;
  port?: number;
  transport?: string;
  check?: string;
  status?: string;
  message?: string;
  rule?: string;
  severity?: string;
  target?: { host: string; port: number; transport: string };
  service?: { service: string; product?: string; version?: string };
}

/** port/transport → [service, product pattern] that identification (or a check) must report. */
type Services = Record<string, readonly [string, RegExp?]>;

/** Hosts with planted weaknesses: the services they run and the findings (rule@port) they must produce. */
const WEAK: Record<string, { services: Services; findings: readonly string[] }> = {
  'ftp-anon': {
    services: { '21/tcp': ['ftp', /vsftpd/], '2121/tcp': ['ftp', /vsftpd/] },
    findings: [
      'ftp-anon@21',
      'ftp-banner@21',
      'ftp-cleartext-login@21',
      'ftp-pasv-third-host@2121',
      'ftp-data-listener@20',
    ],
  },
  telnet: { services: { '23/tcp': ['telnet'] }, findings: ['telnet-detect@23', 'telnet-banner@23'] },
  finger: { services: { '79/tcp': ['finger', /fingerd/] }, findings: ['finger-users@79'] },
  ident: { services: { '113/tcp': ['ident'] }, findings: ['ident-owner@113'] },
  nntp: { services: { '119/tcp': ['nntp', /INN/] }, findings: ['nntp-posting@119'] },
  shell: {
    services: { '1024/tcp': ['shell'], '99/tcp': ['shell'] },
    findings: ['backdoor-banner@1024', 'backdoor-banner@99'],
  },
  'mail-plain': {
    services: { '110/tcp': ['pop3'], '143/tcp': ['imap'] },
    findings: ['pop-plaintext-login@110', 'imap-plaintext-login@143'],
  },
  'smtp-relay': { services: { '25/tcp': ['smtp', /Postfix/] }, findings: ['smtp-starttls@25', 'smtp-user-enum@25'] },
  dns: {
    services: { '53/udp': ['domain', /dnsmasq/], '69/udp': ['tftp'] },
    findings: ['dns-version@53', 'dns-recursion@53', 'tftp-detect@69'],
  },
  tftp: { services: { '69/udp': ['tftp'] }, findings: ['tftp-detect@69'] },
  snmp: { services: { '161/udp': ['snmp', /Net-SNMP/] }, findings: ['snmp-community@161'] },
  rpc: {
    services: { '111/tcp': ['rpcbind'], '111/udp': ['rpcbind'] },
    findings: ['rpcinfo@111', 'nfs-showmount@111', 'rpcbind-udp-amplification@111'],
  },
  smb: {
    services: { '445/tcp': ['microsoft-ds', /Samba/], '137/udp': ['netbios-ns'], '135/tcp': ['msrpc'] },
    findings: ['smb-negotiate@445', 'smb-signing@445', 'smb-null-session@445', 'nbstat@137', 'msrpc-epmap@135'],
  },
  'web-old': {
    services: { '80/tcp': ['http', /nginx/], '443/tcp': ['http', /nginx/] },
    findings: ['tls-versions@443', 'tls-ciphers@443', 'tls-certificate@443', 'http-methods@80', 'http-headers@80'],
  },
  'ssh-weak': { services: { '22/tcp': ['ssh', /OpenSSH/] }, findings: ['ssh-algorithms@22'] },
  redis: { services: { '6379/tcp': ['redis', /Redis/] }, findings: ['redis-noauth@6379'] },
  memcached: { services: { '11211/tcp': ['memcached', /memcached/] }, findings: ['memcached-noauth@11211'] },
  rtsp: { services: { '554/tcp': ['rtsp', /GStreamer/] }, findings: ['rtsp-describe-noauth@554'] },
  vnc: { services: { '5900/tcp': ['vnc'] }, findings: ['vnc-auth@5900'] },
  rdp: { services: { '3389/tcp': ['ms-wbt-server'] }, findings: ['rdp-detect@3389', 'tls-certificate@3389'] },
  mariadb: { services: { '3306/tcp': ['mysql', /MariaDB/] }, findings: ['mysql-banner@3306'] },
  postgres: {
    services: { '5432/tcp': ['postgresql', /PostgreSQL/] },
    findings: ['postgresql-noauth@5432', 'postgresql-detect@5432'],
  },
  ldap: { services: { '389/tcp': ['ldap'] }, findings: ['ldap-anonymous-bind@389', 'ldap-anonymous-search@389'] },
  etcd: { services: { '2379/tcp': ['etcd', /etcd/] }, findings: ['etcd-noauth@2379', 'etcd-version@2379'] },
  rsync: { services: { '873/tcp': ['rsync'] }, findings: ['rsync-modules@873', 'rsync-noauth@873'] },
  console: { services: { '8080/tcp': ['http', /nginx/] }, findings: ['http-admin-consoles@8080'] },
  mdns: { services: { '5353/udp': ['mdns'] }, findings: ['mdns-discover@5353'] },
  upnp: { services: { '1900/udp': ['ssdp', /MiniDLNA/] }, findings: ['ssdp-discover@1900', 'upnp-description@1900'] },
};

/** Hardened counterparts: the same daemons, configured well; the checks must find nothing on them. */
const HARDENED: Record<string, Services> = {
  'ftp-closed': { '21/tcp': ['ftp'] },
  'mail-tls': { '143/tcp': ['imap'], '110/tcp': ['pop3'] },
  'smtp-closed': { '25/tcp': ['smtp'] },
  'dns-closed': { '53/udp': ['domain'] },
  'snmp-closed': {},
  'smb-hard': { '445/tcp': ['microsoft-ds', /Samba/] },
  web: { '443/tcp': ['http', /nginx/] },
  ssh: { '22/tcp': ['ssh', /OpenSSH/] },
  'redis-auth': { '6379/tcp': ['redis'] },
  'memcached-hard': { '11211/tcp': ['memcached'] },
  'rtsp-auth': { '554/tcp': ['rtsp'] },
  'vnc-auth': { '5900/tcp': ['vnc'] },
  'mariadb-hard': { '3306/tcp': ['mysql', /MariaDB/] },
  'postgres-hard': { '5432/tcp': ['postgresql', /PostgreSQL/] },
  'ldap-hard': { '389/tcp': ['ldap'], '636/tcp': ['ldaps'] },
  'etcd-hard': { '2379/tcp': ['etcd', /etcd/] },
  'rsync-hard': { '873/tcp': ['rsync'] },
  'proxy-hard': { '8888/tcp': ['http-proxy', /tinyproxy/] },
  'console-hard': { '8080/tcp': ['http', /nginx/] },
  'mdns-hard': {},
  'upnp-hard': {},
};

/**
 * True findings on hardened hosts that are not what the host was hardened against, and why they stay: the host
 * is the hardened counterpart for one weakness, not a model server in every respect.
 */
const UNRELATED: Record<string, readonly string[]> = {
  // tinyproxy has no setting to leave its version out of the Server header.
  'proxy-hard': ['http-headers@8888'],
  // The console counterpart answers 401 on the admin paths; it is plain HTTP without hardening headers.
  'console-hard': ['http-headers@8080', 'http-https-redirect@8080'],
};

const PORTS =
  'T:20-25,79,80,99,110,111,113,119,135,139,143,389,443,445,554,587,636,873,993,995,1024,1113,1119,2026,2028,2121,' +
  '2323,2379,3306,3389,5432,5900,6379,7979,8080,8888,11211,U:53,69,111,137,161,1900,5353';

const names = [...Object.keys(WEAK), ...Object.keys(HARDENED)];
const hosts = new Map<string, ReadyHost>();
for (const name of names) {
  const h = labHost(name);
  if (h !== null) hosts.set(name, h);
}
const enabled = hosts.size === names.length;

function parse(out: string): Event[] {
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Event);
}

describe.runIf(enabled)('portwarden scan --checks against the whole lab', () => {
  let events: Event[] = [];
  const of = (name: string): string => (hosts.get(name) as ReadyHost).address;
  const findingsOf = (name: string): string[] =>
    events
      .filter((e) => e.type === 'finding' && e.target?.host === of(name) && e.rule !== 'exposure')
      .map((e) => `${e.rule ?? ''}@${String(e.target?.port)}`);
  const serviceOf = (name: string, where: string): Event['service'] | undefined => {
    const [port, transport] = where.split('/');
    const found = events.filter(
      (e) => e.type === 'service' && e.host === of(name) && String(e.port) === port && e.transport === transport,
    );
    return found.at(-1)?.service;
  };

  beforeAll(() => {
    const r = cli(
      [
        'scan',
        ...[...hosts.values()].map((h) => h.address),
        '-p',
        PORTS,
        '-sV',
        '--checks',
        'default',
        '--json',
      ].concat(['--check-arg', 'dns.recursion-name=www.lab.test', '--no-save', '--lang', 'en']),
    );
    expect(r.err).toBe('');
    events = parse(r.out);
    expect(events.at(-1)).toMatchObject({ type: 'end', interrupted: false });
  }, 300_000);

  for (const [name, want] of Object.entries(WEAK)) {
    it(`${name}: identifies its services and reports every planted weakness`, () => {
      for (const [where, [service, product]] of Object.entries(want.services)) {
        const got = serviceOf(name, where);
        expect(got?.service, `${name} ${where}`).toBe(service);
        if (product !== undefined)
          expect(`${got?.product ?? ''} ${got?.version ?? ''}`, `${name} ${where}`).toMatch(product);
      }
      const found = findingsOf(name);
      for (const f of want.findings) expect(found, name).toContain(f);
    });
  }

  for (const [name, services] of Object.entries(HARDENED)) {
    it(`${name}: identified, and no finding beyond exposure`, () => {
      for (const [where, [service, product]] of Object.entries(services)) {
        const got = serviceOf(name, where);
        expect(got?.service, `${name} ${where}`).toBe(service);
        if (product !== undefined) expect(`${got?.product ?? ''} ${got?.version ?? ''}`).toMatch(product);
      }
      expect(
        findingsOf(name).filter((f) => !(UNRELATED[name] ?? []).includes(f)),
        name,
      ).toEqual([]);
    });
  }

  it('no check breaks on any lab daemon', () => {
    const errors = events
      .filter((e) => e.type === 'check' && e.status === 'error')
      .map((e) => `${e.check ?? ''} on ${e.host ?? ''}:${String(e.port)}: ${e.message ?? ''}`);
    // A hardened daemon that refuses a port outright (smb-hard has no NetBIOS) is an answer, not a broken check.
    expect(errors.filter((e) => !/ECONNREFUSED|port unreachable/.test(e))).toEqual([]);
  });
});

/** The intrusive checks, allowed with --intrusive, against the hosts planted for them and their counterparts. */
const INTRUSIVE_WEAK: Record<string, readonly string[]> = {
  'smtp-relay': ['smtp-open-relay@25'],
  'dns-auth': ['dns-zone-transfer@53'],
  tftp: ['tftp-common-files@69'],
  snmp: ['snmp-write@161'],
  mariadb: ['mysql-empty-password@3306'],
  finger: ['finger-forwarding@79'],
  proxy: ['http-open-proxy@8888'],
  // dhcp-discover binds UDP 68 and broadcasts on the bridge; it is proven in test/checks-udp-lab.test.ts, which may
  // run at the same time as this file, so it is left out here rather than raced for port 68.
};
const INTRUSIVE_HARD = ['smtp-closed', 'dns-closed', 'snmp-closed', 'mariadb-hard', 'proxy-hard'];
const intrusiveNames = [...Object.keys(INTRUSIVE_WEAK), ...INTRUSIVE_HARD];
const intrusiveHosts = new Map<string, ReadyHost>();
for (const name of intrusiveNames) {
  const h = labHost(name);
  if (h !== null) intrusiveHosts.set(name, h);
}

describe.runIf(intrusiveHosts.size === intrusiveNames.length)('portwarden scan --checks intrusive --intrusive', () => {
  let events: Event[] = [];
  const findingsOf = (name: string): string[] =>
    events
      .filter(
        (e) => e.type === 'finding' && e.target?.host === intrusiveHosts.get(name)?.address && e.rule !== 'exposure',
      )
      .map((e) => `${e.rule ?? ''}@${String(e.target?.port)}`);

  beforeAll(() => {
    const r = cli(
      [
        'scan',
        ...[...intrusiveHosts.values()].map((h) => h.address),
        '-p',
        'T:25,53,79,3306,8888,U:53,67,69,161',
      ].concat(
        ['--checks', 'intrusive', '--intrusive', '--json', '--no-save', '--check-arg', 'dns.zone=lab.test'],
        ['--check-arg', 'dhcp.interface=pwlab0', '--check-arg', 'dhcp.expected=203.0.113.1'],
        ['--check-arg', 'dhcp.wait=8000'],
      ),
    );
    expect(r.err).toBe('');
    events = parse(r.out);
  }, 300_000);

  for (const [name, want] of Object.entries(INTRUSIVE_WEAK)) {
    it(`${name}: ${want.join(', ')}`, () => {
      for (const f of want) expect(findingsOf(name), name).toContain(f);
    });
  }
  it('finds nothing on the hardened counterparts', () => {
    for (const name of INTRUSIVE_HARD) expect(findingsOf(name), name).toEqual([]);
  });
});
