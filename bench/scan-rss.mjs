#!/usr/bin/env node
// Benchmark (run by hand, as root, after `npm run build`): peak RSS of `portwarden scan` over 65,536 targets x 100
// ports (2001:db8:203::/112, -F, -T4, --json), stopped with SIGINT after 60 s (goal: under 150 MB). Prints the peak
// (GNU time's maximum RSS and /proc VmHWM), RSS sampled along the way, and how many probes completed.
// The lab: a scanner namespace and a "router" namespace joined by one veth (lab0 at both ends). The scanner routes
// 2001:db8:203::/112 via the router over lab0 (one neighbour entry, so the kernel's shared neighbour table is not
// flooded by 65,536 failing resolutions); the router holds 3 of those addresses (::10-::12, a few listeners) and an
// `unreachable` route for the rest, so every other target gets an ICMPv6 no-route at once (rate limit relaxed
// there). Only namespaces this script creates, addresses in 2001:db8:203::/64; routes checked before scanning;
// the namespaces are deleted on exit, errors and Ctrl-C.
// "Probes completed" is the end event's count of port results (hosts found down yield none), so the kernel's count
// of connects started in the scanner namespace is printed too.
// Usage: node bench/scan-rss.mjs [seconds=60]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { atCleanup, env, nsAdd, sh, tag } from './lab.mjs';

const seconds = Number(process.argv[2] ?? 60);
const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pw-rss-'));
atCleanup(() => rmSync(dir, { recursive: true, force: true }));

if (process.geteuid?.() !== 0) throw new Error('run as root (network namespaces)');
if (spawnSync('/usr/bin/time', ['-V'], { stdio: 'ignore' }).status !== 0)
  throw new Error('GNU time missing: apt-get install -y time');
if (/2001:db8:203:/i.test(sh('ip', '-br', 'addr')))
  throw new Error('the root namespace has a 2001:db8:203::/64 address: refusing');

const SCANNER = '2001:db8:203::1:1';
const ROUTER = '2001:db8:203::1:2';
const HOSTS = ['2001:db8:203::10', '2001:db8:203::11', '2001:db8:203::12'];
const NET = '2001:db8:203::/112';
const S = nsAdd(`pwr-s-${tag}`);
const R = nsAdd(`pwr-r-${tag}`);
sh('ip', '-n', S, 'link', 'add', 'lab0', 'type', 'veth', 'peer', 'name', 'lab0', 'netns', R);
for (const [ns, mine, peer] of [
  [S, SCANNER, ROUTER],
  [R, ROUTER, SCANNER],
]) {
  sh('ip', '-n', ns, 'addr', 'add', `${mine}/128`, 'dev', 'lab0', 'nodad');
  sh('ip', '-n', ns, 'link', 'set', 'lab0', 'up');
  sh('ip', '-n', ns, '-6', 'route', 'add', `${peer}/128`, 'dev', 'lab0');
}
sh('ip', '-n', S, '-6', 'route', 'add', NET, 'via', ROUTER, 'dev', 'lab0');
for (const h of HOSTS) sh('ip', '-n', R, 'addr', 'add', `${h}/128`, 'dev', 'lo');
sh('ip', '-n', R, '-6', 'route', 'add', 'unreachable', NET);
for (const k of [
  'net.ipv6.icmp.ratelimit=0',
  'net.ipv4.icmp_msgs_per_sec=100000000',
  'net.ipv4.icmp_msgs_burst=100000000',
]) {
  sh('ip', 'netns', 'exec', R, 'sysctl', '-qw', k);
}
const prog = `const net=require('net');for(const h of ${JSON.stringify(HOSTS)})for(const p of [22,80,443])net.createServer(s=>s.destroy()).listen(p,h);setInterval(()=>{},1<<30)`;
spawn('ip', ['netns', 'exec', R, process.execPath, '-e', prog], { env, detached: true, stdio: 'ignore' }).unref();
for (const target of ['2001:db8:203::1234', '2001:db8:203::', '2001:db8:203::ffff', HOSTS[0]]) {
  const route = sh('ip', 'netns', 'exec', S, 'ip', '-6', 'route', 'get', target);
  if (!route.includes(' dev lab0 ')) throw new Error(`route to ${target} is not via lab0: ${route}`);
}
for (let i = 0; sh('ip', 'netns', 'exec', R, 'ss', '-Hltn').trim().split('\n').length < 9; i++) {
  if (i > 100) throw new Error('listeners did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// --- the run ---------------------------------------------------------------------------------------------------
const timeFile = join(dir, 'time.txt');
const t0 = performance.now();
const child = spawn(
  'ip',
  [
    'netns',
    'exec',
    S,
    '/usr/bin/time',
    '-v',
    '-o',
    timeFile,
    process.execPath,
    bin,
    'scan',
    NET,
    '-F',
    '-T4',
    '--json',
  ],
  { env, stdio: ['ignore', 'pipe', 'inherit'] },
);
const counts = {};
let end;
createInterface({ input: child.stdout }).on('line', (l) => {
  const e = JSON.parse(l);
  const k = e.type === 'port' ? `port ${e.state}` : e.type === 'host' ? `host ${e.state}` : e.type;
  counts[k] = (counts[k] ?? 0) + 1;
  if (e.type === 'end') end = e;
});
const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
// `ip netns exec` execs time, which forks node: node is time's child.
const nodePid = () =>
  Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
const status = (pid) =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .map((l) => /^(Vm\w+):\s+(\d+) kB/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], Number(m[2]) / 1024]),
  );
let pid;
const samples = [];
const mb = (x) => `${x.toFixed(1)} MB`;
const load = [loadavg()[0]];
for (let s = 1; s <= seconds; s++) {
  await new Promise((r) => setTimeout(r, 1000 - ((performance.now() - t0) % 1000)));
  pid ||= nodePid();
  try {
    samples.push(status(pid));
  } catch {
    break; // it ended on its own
  }
  if (s % 10 === 0) {
    load.push(loadavg()[0]);
    console.log(`  ${s} s: RSS ${mb(samples.at(-1).VmRSS)}, peak so far ${mb(samples.at(-1).VmHWM)}`);
  }
}
const hwmBeforeStop = samples.at(-1)?.VmHWM ?? NaN;
const stopAt = performance.now();
try {
  process.kill(pid, 'SIGINT');
} catch {
  /* already ended */
}
const code = await exited;
const stopMs = performance.now() - stopAt;
// Connects the kernel saw, whatever portwarden reported (a down host yields no port results).
const nstat = sh('ip', 'netns', 'exec', S, 'nstat', '-asz', 'TcpActiveOpens', 'Icmp6InDestUnreachs');
const kernel = (k) => new RegExp(`${k}\\s+(\\d+)`).exec(nstat)?.[1] ?? '?';
const maxRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1]) / 1024;

console.log(`\nportwarden scan ${NET} -F -T4 --json (65,536 targets x 100 TCP ports), SIGINT after ${seconds} s`);
console.log(
  `  peak RSS (GNU time, whole run incl. shutdown): ${mb(maxRss)}   (goal < 150 MB: ${maxRss < 150 ? 'met' : 'NOT met'})`,
);
console.log(`  peak RSS (VmHWM just before SIGINT):            ${mb(hwmBeforeStop)}`);
console.log(`  exit: ${code}, ${(stopMs / 1000).toFixed(2)} s from SIGINT to exit`);
console.log(
  `  probes completed (end event): ${end?.probes ?? '?'} in ${end?.seconds ?? '?'} s, hosts with a result ${end?.hosts ?? '?'}, up ${end?.up ?? '?'}, interrupted ${end?.interrupted ?? '?'}`,
);
console.log(
  `  connects started (kernel TcpActiveOpens): ${kernel('TcpActiveOpens')}, ICMPv6 unreachables received: ${kernel('Icmp6InDestUnreachs')}`,
);
console.log(
  `  lines: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`  load average (1 min): ${Math.min(...load).toFixed(2)}–${Math.max(...load).toFixed(2)}`);
