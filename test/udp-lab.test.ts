// The UDP scan against real daemons: dnsmasq (DNS, DHCP), snmpd, tftpd-hpa, rpcbind, NTPsec's ntpd and Samba's nmbd run
// in a "host" namespace on 203.0.113.53; the scanner runs in a second "scanner" namespace on 203.0.113.1, joined to
// the first by a veth pair and to nothing else, so every datagram stays between the two namespaces. The two
// namespaces matter: Linux never rate-limits ICMP errors sent over loopback, only those to other hosts.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortObserved } from '../src/core/scan.js';
import { udpProbe, type UdpProbeReply, type UdpService } from '../src/scan/udp/probes.js';
import { createNamespace, ip, labEnabled, linkNamespaces, type Namespace } from './lab/netns.js';

const HOST = '203.0.113.53';
const SCANNER = '203.0.113.1';
const HOST6 = '2001:db8:203::53';
const SCANNER6 = '2001:db8:203::1';
const DAEMONS = ['dnsmasq', 'snmpd', 'in.tftpd', 'rpcbind', 'ntpd', 'setpriv', 'nmbd'];
const enabled = labEnabled('UDP scan of real daemons', { needs: [...DAEMONS, 'ss', 'sysctl'] });
const repo = fileURLToPath(new URL('..', import.meta.url));
/** The random bytes the scanner is given in the lab, so every probe id is known here: all 0x42. */
const fixedRandom = (n: number): Uint8Array => new Uint8Array(n).fill(0x42);
/** Ports nothing listens on in the host namespace. */
const UNUSED = Array.from({ length: 20 }, (_, i) => 40_000 + i);

/**
 * Transpile the UDP engine and everything it imports into `out` (same layout, ESM JavaScript), so a plain `node`
 * started inside the scanner namespace can run it without a build.
 */
function transpileEngine(out: string): string {
  const todo = ['src/scan/udp/engine.ts'];
  const seen = new Set<string>();
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(join(repo, file), 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      todo.push(relative(repo, resolve(dirname(join(repo, file)), `${m[1] ?? ''}.ts`)));
    }
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), js);
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const runner = join(out, 'scan.js');
  writeFileSync(
    runner,
    [
      "import { scanUdp } from './src/scan/udp/engine.js';",
      'const { hosts, ports, options } = JSON.parse(process.argv[2]);',
      'const random = (n) => new Uint8Array(n).fill(0x42);',
      'const events = [];',
      'for await (const e of scanUdp(hosts, ports, { ...options, random })) events.push(e);',
      'process.stdout.write(JSON.stringify(events));',
    ].join('\n'),
  );
  return runner;
}

/** Wait until the host namespace has a UDP socket bound on every port of `ports`. */
async function waitForPorts(ns: Namespace, ports: readonly number[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bound = new Set(
      [...ns.exec('ss', ['-Hlun']).matchAll(/:(\d+)\s/g)].map((m) => Number(m[1])).filter((p) => p > 0),
    );
    const missing = ports.filter((p) => !bound.has(p));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`daemons did not bind UDP ports ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(enabled)('UDP scan of real daemons in a namespace', () => {
  let host: Namespace;
  let scanner: Namespace;
  let dir: string;
  let runner: string;
  /** Undo steps of beforeAll, in the order they were done; afterAll runs them backwards, whatever failed. */
  const cleanups: (() => void | Promise<void>)[] = [];

  /** Scan from the scanner namespace; events by port (of the first host), all events in `all`. */
  function scan(
    ports: readonly number[],
    options: Record<string, number> = {},
    hosts: readonly string[] = [HOST],
  ): Map<number, PortObserved> & { all: PortObserved[] } {
    const out = scanner.exec(process.execPath, [runner, JSON.stringify({ hosts, ports, options })]);
    const events = JSON.parse(out) as PortObserved[];
    expect(events).toHaveLength(ports.length * hosts.length);
    return Object.assign(new Map(events.filter((e) => e.host === hosts[0]).map((e) => [e.port, e])), { all: events });
  }
  const parsed = (service: UdpService, event: PortObserved | undefined): UdpProbeReply | null =>
    udpProbe(service, 4, fixedRandom).parse(Buffer.from(event?.replyHex ?? '', 'hex'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-udp-lab-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    runner = transpileEngine(join(dir, 'engine'));
    // destroy() kills every process in the namespace, the daemons included, then deletes it.
    host = createNamespace('pw-udph');
    cleanups.push(() => {
      host.destroy();
    });
    scanner = createNamespace('pw-udps');
    cleanups.push(() => {
      scanner.destroy();
    });
    linkNamespaces(host, [HOST, HOST6], scanner, [SCANNER, SCANNER6]);

    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    for (const sub of ['tftp', 'run', 'samba']) mkdirSync(join(dir, sub));
    // Stopped with SIGTERM before the namespace goes, so each exits cleanly (destroy() then SIGKILLs what is left).
    const daemons: ChildProcess[] = [];
    const daemon = (cmd: string, args: readonly string[]): void => {
      daemons.push(host.spawn(cmd, args));
    };
    cleanups.push(async () => {
      const exited = daemons.map(
        (d) =>
          new Promise<void>((resolve) => {
            if (d.exitCode !== null || d.signalCode !== null) resolve();
            else
              d.once('exit', () => {
                resolve();
              });
            // rpcbind writes warm-start files under /run on SIGTERM; it has nothing of ours to save.
            d.kill(d.spawnargs.includes('rpcbind') ? 'SIGKILL' : 'SIGTERM');
          }),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(exited), new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
    });
    const run = join(dir, 'run');
    daemon('dnsmasq', [
      '--no-daemon',
      '--conf-file=/dev/null',
      '--port=53',
      `--listen-address=${HOST},${HOST6}`,
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      '--quiet-dhcp',
      '--user=root',
      `--pid-file=${join(run, 'dnsmasq.pid')}`,
      '--dhcp-range=203.0.113.100,203.0.113.150,255.255.255.0,1h',
      `--dhcp-leasefile=${join(run, 'dnsmasq.leases')}`,
    ]);
    // Its persistent state goes to the temporary directory, not /var/lib/snmp.
    const snmpConf = file(
      'snmpd.conf',
      `rocommunity public 203.0.113.0/24\n[snmp] persistentDir ${join(run, 'snmp')}\n`,
    );
    // MIBS/MIBDIRS empty: snmpd needs no MIB files to answer by OID, and would otherwise warn about each one.
    daemon('env', [
      'MIBS=',
      'MIBDIRS=/nonexistent',
      'snmpd',
      '-f',
      '-Lo',
      '-C',
      '-c',
      snmpConf,
      '-p',
      join(run, 'snmpd.pid'),
      `udp:${HOST}:161`,
    ]);
    daemon('in.tftpd', ['--foreground', '--listen', '--address', `${HOST}:69`, '--secure', join(dir, 'tftp')]);
    daemon('rpcbind', ['-f', '-h', HOST]);
    // NTPsec's ntpd (chrony and NTPsec exclude each other in Debian; the service lab uses NTPsec), serving its own
    // unsynchronised time, without the right to touch the machine's shared clock.
    const ntpConf = file(
      'ntp.conf',
      [`statsdir ${run}/`, 'disable kernel', 'restrict default', `interface listen ${HOST}`, ''].join('\n'),
    );
    daemon('setpriv', [
      '--bounding-set=-sys_time',
      '--inh-caps=-sys_time',
      'ntpd',
      '-n',
      '-c',
      ntpConf,
      '-p',
      join(run, 'ntpd.pid'),
      '-l',
      join(run, 'ntpd.log'),
    ]);
    const samba = join(dir, 'samba');
    const smbConf = file(
      'smb.conf',
      [
        '[global]',
        '  netbios name = PWLAB',
        '  workgroup = LABGROUP',
        `  interfaces = ${HOST}/24`,
        '  bind interfaces only = yes',
        ...['lock directory', 'state directory', 'cache directory', 'private dir'].map((k) => `  ${k} = ${samba}`),
        `  pid directory = ${run}`,
        `  ncalrpc dir = ${join(samba, 'ncalrpc')}`,
        `  log file = ${join(samba, 'log.%m')}`,
        '',
      ].join('\n'),
    );
    daemon('nmbd', ['--foreground', '--no-process-group', '-s', smbConf]);
    await waitForPorts(host, [53, 67, 69, 111, 123, 137, 161]);
  }, 30_000);

  afterAll(async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo();
  });

  it('reaches the host over the lab link only', () => {
    expect(scanner.exec('ip', ['route', 'get', HOST])).toMatch(
      new RegExp(`^${HOST.replace(/\./g, '\\.')} dev lab0 src ${SCANNER.replace(/\./g, '\\.')}`),
    );
    // Nothing here holds a lab address but the shared lab's bridge, when the tests run inside its namespace.
    const own = ip('-br', 'addr')
      .split('\n')
      .filter((line) => !line.startsWith('pwlab0 '));
    expect(own.join('\n')).not.toContain('203.0.113.');
  });

  // First, while the kernel holds no rate state for the scanner's address: a new peer starts with a full burst.
  it('never calls a closed port open under the default ICMP rate limit, and loses most refusals to it', () => {
    expect(host.exec('sysctl', ['-n', 'net.ipv4.icmp_ratelimit']).trim()).toBe('1000');
    const events = scan(UNUSED, { timeoutMs: 500, retries: 1 });
    const states = [...events.values()].map((e) => e.state);
    expect(states.every((s) => s === 'closed' || s === 'open|filtered')).toBe(true);
    const closed = states.filter((s) => s === 'closed').length;
    console.info(`UDP lab, icmp_ratelimit=1000: ${closed} closed, ${UNUSED.length - closed} open|filtered`);
    // One error a second with a burst of six: a few refusals arrive, most are never sent.
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(UNUSED.length);
  });

  it('finds the real daemons open with a reply each codec reads, and unused ports closed (ICMP unlimited)', () => {
    host.exec('sysctl', ['-q', '-w', 'net.ipv4.icmp_ratelimit=0']);
    const unused = UNUSED.map((p) => p + 100);
    const events = scan([53, 67, 69, 111, 123, 137, 161, ...unused]);
    for (const port of [53, 67, 69, 111, 123, 137, 161]) {
      expect(events.get(port), `port ${port}`).toMatchObject({ state: 'open', reason: 'udp-response' });
      expect(events.get(port)?.rttMs).toBeGreaterThanOrEqual(0);
    }
    expect(parsed('dns', events.get(53))).toMatchObject({
      reply: { rcode: 0, txt: [expect.stringMatching(/^dnsmasq-/)] },
    });
    // dnsmasq answers a DHCPINFORM at the source port when ciaddr is the source address, as the probe sets it.
    expect(parsed('dhcp', events.get(67))).toMatchObject({ reply: { messageType: 5, serverId: HOST } });
    expect(parsed('tftp', events.get(69))).toEqual({
      service: 'tftp',
      reply: { opcode: 'error', code: 1, message: 'File not found' },
    });
    expect(parsed('sunrpc', events.get(111))).toMatchObject({ reply: { status: 'success', port: 111 } });
    // ntpd with no upstream is unsynchronised: stratum 16, which goes on the wire as 0 (RFC 5905 §7.3), still a
    // valid server reply.
    expect(parsed('ntp', events.get(123))).toMatchObject({ reply: { mode: 4, version: 4, stratum: 0 } });
    expect(parsed('netbios-ns', events.get(137))).toMatchObject({
      reply: { names: expect.arrayContaining([{ name: 'PWLAB', suffix: 0, group: false }]) as unknown },
    });
    expect(parsed('snmp', events.get(161))).toMatchObject({
      reply: { community: 'public', oid: '1.3.6.1.2.1.1.1.0', value: expect.stringMatching(/^Linux /) as unknown },
    });
    for (const port of unused) {
      expect(events.get(port), `port ${port}`).toMatchObject({ state: 'closed', reason: 'conn-refused', rttMs: null });
    }
  });

  it('scans over IPv6 too: DNS open, an unused port closed', () => {
    host.exec('sysctl', ['-q', '-w', 'net.ipv6.icmp.ratelimit=0']);
    const events = scan([53, 40_500], {}, [HOST6]);
    expect(scanner.exec('ip', ['route', 'get', HOST6])).toContain('dev lab0');
    expect(parsed('dns', events.get(53))).toMatchObject({ reply: { txt: [expect.stringMatching(/^dnsmasq-/)] } });
    expect(events.get(53)).toMatchObject({ host: HOST6, state: 'open', reason: 'udp-response' });
    expect(events.get(40_500)).toMatchObject({ host: HOST6, state: 'closed', reason: 'conn-refused' });
  });

  it.skipIf(!labEnabled('UDP scan against firewall rules', { needs: ['nft'] }))(
    'reports ICMP host-prohibited, a local output drop and a missing route as filtered, with the reason',
    () => {
      // The host rejects 41000 with ICMP host-prohibited (a "hard" error, so a connected socket hears it); the
      // scanner's own output rule drops 41001 (sendmsg fails with EPERM). No route leads to the IPv6 lab range
      // from the scanner namespace, so connect() fails and nothing is sent at all.
      host.exec(
        'nft',
        ['-f', '-'],
        'table ip pwlab {\n chain input {\n  type filter hook input priority 0\n' +
          '  udp dport 41000 reject with icmp type host-prohibited\n }\n}\n',
      );
      scanner.exec(
        'nft',
        ['-f', '-'],
        'table ip pwlab {\n chain output {\n  type filter hook output priority 0\n  udp dport 41001 drop\n }\n}\n',
      );
      const events = scan([41000, 41001], { timeoutMs: 300, retries: 1 }, [HOST, '2001:db8:203::99']);
      expect(events.get(41000)).toMatchObject({ state: 'filtered', reason: 'host-unreach' });
      expect(events.get(41001)).toMatchObject({ state: 'filtered', reason: 'admin-prohibited' });
      for (const e of events.all.filter((e) => e.host !== HOST)) {
        expect(e).toMatchObject({ host: '2001:db8:203::99', state: 'filtered', reason: 'net-unreach' });
      }
    },
  );
});
