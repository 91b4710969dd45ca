// minidlna plumbing shared by the upnp and upnp-hard lab hosts (test/lab/hosts/upnp*.ts): the daemon in the
// foreground (-S, no daemonising) with its configuration, media, database, log and pid file under ctx.dir, and
// optionally minissdpd in front of it.
//
// minidlna binds its SSDP socket to the multicast group (239.255.255.250:1900), so it answers only multicast
// M-SEARCH; a unicast M-SEARCH to the host's own address is refused by the kernel. Devices that answer unicast
// searches (the exposure ssdp-discover reports) bind 0.0.0.0:1900, as minissdpd does: the weak host runs minissdpd
// and submits minidlna's devices and services to it over minissdpd's socket, exactly what miniupnpd and minidlna
// do when they share a host with it (type 4 "submit service" requests).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { LabHostContext } from './lab.js';

export interface MinidlnaStart {
  /** The interface minidlna serves (SSDP, and the networks it accepts). */
  readonly networkInterface: string;
  readonly friendlyName: string;
  readonly serial: string;
  readonly modelNumber: string;
  /** The device UUID (minidlna's `uuid` option), without the `uuid:` prefix. */
  readonly uuid: string;
  /** Address where the HTTP port (8200) should answer once the daemon is up. */
  readonly readyAddress: string;
  /** Run minissdpd on this interface and register minidlna's services with it. */
  readonly minissdpd: string | null;
}

/** What minidlna 1.3 announces: root device, device UUID, device type and its three services. */
function targets(uuid: string): string[][] {
  const types = [
    'urn:schemas-upnp-org:device:MediaServer:1',
    'urn:schemas-upnp-org:service:ContentDirectory:1',
    'urn:schemas-upnp-org:service:ConnectionManager:1',
    'urn:microsoft.com:service:X_MS_MediaReceiverRegistrar:1',
  ];
  return [
    ['upnp:rootdevice', `uuid:${uuid}::upnp:rootdevice`],
    [`uuid:${uuid}`, `uuid:${uuid}`],
    ...types.map((t) => [t, `uuid:${uuid}::${t}`]),
  ];
}

/** One minissdpd "submit service" request: type 4, then ST, USN, SERVER and LOCATION, each length-prefixed. */
function submit(socketPath: string, fields: readonly string[]): Promise<void> {
  const parts: Buffer[] = [Buffer.from([4])];
  for (const f of fields) {
    const b = Buffer.from(f);
    if (b.length > 127) throw new Error(`minissdpd field too long for a one-byte length: ${f}`);
    parts.push(Buffer.from([b.length]), b);
  }
  return new Promise((resolve, reject) => {
    const c = connect(socketPath, () => c.end(Buffer.concat(parts)));
    c.on('close', () => {
      resolve();
    });
    c.on('error', reject);
  });
}

/** Start minidlnad (and minissdpd when asked) and wait until its HTTP port (8200) answers on `readyAddress`. */
export async function startMinidlna(ctx: LabHostContext, opts: MinidlnaStart): Promise<void> {
  ctx.file('media/README.txt', 'portwarden lab media\n');
  ctx.exec('mkdir', ['-p', join(ctx.dir, 'db'), join(ctx.dir, 'log')]);
  const conf = ctx.file(
    'minidlna.conf',
    [
      `media_dir=${ctx.dir}/media`,
      `db_dir=${ctx.dir}/db`,
      `log_dir=${ctx.dir}/log`,
      'port=8200',
      `network_interface=${opts.networkInterface}`,
      `friendly_name=${opts.friendlyName}`,
      `serial=${opts.serial}`,
      `model_number=${opts.modelNumber}`,
      `uuid=${opts.uuid}`,
      'inotify=no',
      'notify_interval=900',
      '',
    ].join('\n'),
  );
  ctx.daemon('minidlnad', ['-S', '-f', conf, '-P', join(ctx.dir, 'minidlna.pid'), '-r'], 'minidlna');
  await ctx.waitTcp(8200, 15_000, opts.readyAddress);
  if (opts.minissdpd === null) return;
  const socketPath = join(ctx.dir, 'minissdpd.sock');
  ctx.daemon(
    'minissdpd',
    ['-d', '-i', opts.minissdpd, '-s', socketPath, '-p', join(ctx.dir, 'minissdpd.pid')],
    'minissdpd',
  );
  for (let i = 0; i < 100 && !existsSync(socketPath); i++) await new Promise((r) => setTimeout(r, 100));
  const server = 'Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.0';
  const location = `http://${ctx.address}:8200/rootDesc.xml`;
  for (const [st = '', usn = ''] of targets(opts.uuid)) await submit(socketPath, [st, usn, server, location]);
}
