// A small lab for nmap interoperability: two namespaces joined by one veth link, a scanner (203.0.113.201) and a
// target (203.0.113.202) running real daemons: vsftpd with anonymous login on 21 and Python's http.server on 8080.
// Nothing is routed anywhere else, and nothing is added to the root namespace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNamespace, linkNamespaces, type Namespace } from './netns.js';

export const SCANNER_ADDRESS = '203.0.113.201';
export const TARGET_ADDRESS = '203.0.113.202';
/** Ports the lab scans: ftp and http-alt open, 22 and 23 closed. */
export const LAB_PORTS = '21,22,23,8080';

export interface NmapLab {
  readonly scanner: Namespace;
  readonly target: Namespace;
  stop(): void;
}

/** Wait until a TCP port of the target accepts a connection (from the scanner's side of the link). */
async function waitForPort(scanner: Namespace, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = scanner.run('bash', ['-c', `exec 3<>/dev/tcp/${TARGET_ADDRESS}/${port}`]);
    if (r.status === 0) return;
    if (Date.now() > deadline) throw new Error(`port ${port} of the nmap lab did not open`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Start the lab; `stop()` kills every daemon and deletes both namespaces and the temporary folder. */
export async function startNmapLab(): Promise<NmapLab> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-nmaplab-'));
  const scanner = createNamespace('pwnx');
  let target: Namespace | null = null;
  const stop = (): void => {
    target?.destroy();
    scanner.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    target = createNamespace('pwnt');
    linkNamespaces(scanner, [SCANNER_ADDRESS], target, [TARGET_ADDRESS]);
    const empty = join(dir, 'empty');
    const anon = join(dir, 'anon');
    mkdirSync(empty, { mode: 0o755 });
    mkdirSync(join(anon, 'pub'), { recursive: true, mode: 0o755 });
    writeFileSync(join(anon, 'pub', 'README.txt'), 'Public files of the nmap lab.\n');
    const www = join(dir, 'www');
    mkdirSync(www);
    writeFileSync(
      join(www, 'index.html'),
      '<html><head><title>portwarden nmap lab</title></head><body>lab</body></html>\n',
    );
    const conf = join(dir, 'vsftpd.conf');
    writeFileSync(
      conf,
      [
        'listen=YES',
        'listen_ipv6=NO',
        'listen_port=21',
        'background=NO',
        `secure_chroot_dir=${empty}`,
        'pam_service_name=vsftpd',
        'seccomp_sandbox=NO',
        'anonymous_enable=YES',
        'no_anon_password=YES',
        `anon_root=${anon}`,
        'pasv_min_port=40100',
        'pasv_max_port=40110',
        '',
      ].join('\n'),
    );
    target.spawn('vsftpd', [conf]);
    // Its request log goes to stderr: silenced, a test's output is for the test.
    target.spawn('sh', [
      '-c',
      `exec python3 -m http.server 8080 --bind ${TARGET_ADDRESS} --directory '${www}' 2>/dev/null`,
    ]);
    await waitForPort(scanner, 21);
    await waitForPort(scanner, 8080);
    return { scanner, target, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

/** Real nmap from the scanner against the target: connect scan, versions, two safe scripts; XML on stdout. */
export function nmapXmlOfLab(lab: NmapLab): string {
  return lab.scanner.exec('nmap', [
    '-sT',
    '-sV',
    '-Pn',
    '-n',
    '-p',
    LAB_PORTS,
    '--script',
    'ftp-anon,http-title',
    '-oX',
    '-',
    TARGET_ADDRESS,
  ]);
}
