#!/usr/bin/env node
// Benchmark (run by hand, as root, after `npm run build`): `portwarden scan` against `nmap -sT` over a veth lab,
// both run from the same scanner network namespace, whole process, wall time, alternating A B A B.
//   (a) all 65,535 TCP ports of 3 lab hosts at once (each its own namespace with a few listeners);
//   (b) the same 1,000 ports (portwarden's top 1,000, passed to both with -p) over 203.0.113.0/24, where only
//       those 3 addresses have a host: the other 253 get no ARP reply. nmap with its defaults (as root on a local
//       link that means an ARP ping first) and, with --pn, a second line with -Pn for both.
// Prints min/median/max per command, the ratio of each pair and the ratio of medians.
// Network: only namespaces this script creates, addresses in 203.0.113.0/24; the root namespace gets nothing,
// routes are checked before scanning, and the namespaces are deleted on exit, errors and Ctrl-C.
// Every run's output is captured and its open ports checked; only (a) gets an untimed warm-up run first.
// Part (b) is slow for portwarden (minutes per run on this lab), so its runs are taken from --runs-b (default 1).
// Usage: node bench/scan-lab.mjs [runs=3] [--runs-b=1] [--only=a|b|pn] [--pn] [--pn-timeout=600]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { env, nsAdd, nsExec, sh, tag } from './lab.mjs';

const argv = process.argv.slice(2);
const runs = Number(argv.find((a) => /^\d+$/.test(a)) ?? 3);
const only = argv.find((a) => a.startsWith('--only='))?.slice(7);
const runsB = Number(argv.find((a) => a.startsWith('--runs-b='))?.slice(9) ?? 1);
const withPn = argv.includes('--pn');
const pnTimeoutS = Number(argv.find((a) => a.startsWith('--pn-timeout='))?.slice(13) ?? 600);
const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));
const topPortsJs = new URL('../dist/src/targets/top-ports.js', import.meta.url).href;

if (process.geteuid?.() !== 0) throw new Error('run as root (network namespaces)');
if (spawnSync('nmap', ['--version'], { stdio: 'ignore' }).status !== 0)
  throw new Error('nmap missing: apt-get install -y nmap');
// The shared test lab's bridge (pwlab0) may hold 203.0.113.254; this bench's namespaces never see it.
const rootAddresses = sh('ip', '-br', 'addr')
  .split('\n')
  .filter((line) => !line.startsWith('pwlab0 '));
if (rootAddresses.some((line) => /203\.0\.113\./.test(line)))
  throw new Error('the root namespace has a 203.0.113.0/24 address outside the lab bridge: refusing');

// --- the lab: scanner S, hosts H0..H2, one veth each (scanner side lab0..lab2) --------------------------------
// S: 203.0.113.1/24 on lab0 (so the rest of the /24 goes out lab0, to H0, and gets no ARP reply),
//    203.0.113.2/32 on lab1 and 203.0.113.3/32 on lab2, with /32 routes to H1 and H2.
const HOSTS = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];
const OPEN = [
  [22, 80, 443, 8080],
  [22, 25, 3306, 40000],
  [53, 443, 6379, 65535],
];
const S = nsAdd(`pwb-s-${tag}`);
HOSTS.forEach((host, i) => {
  const H = nsAdd(`pwb-h${i}-${tag}`);
  sh('ip', '-n', S, 'link', 'add', `lab${i}`, 'type', 'veth', 'peer', 'name', 'lab0', 'netns', H);
  sh('ip', '-n', H, 'addr', 'add', `${host}/24`, 'dev', 'lab0');
  sh('ip', '-n', H, 'link', 'set', 'lab0', 'up');
  sh('ip', '-n', S, 'addr', 'add', i === 0 ? '203.0.113.1/24' : `203.0.113.${i + 1}/32`, 'dev', `lab${i}`);
  sh('ip', '-n', S, 'link', 'set', `lab${i}`, 'up');
  if (i > 0) sh('ip', '-n', S, 'route', 'add', `${host}/32`, 'dev', `lab${i}`, 'src', `203.0.113.${i + 1}`);
  // A node child listening on the host's ports, detached: it lives until the namespace's processes are killed.
  const prog = `const net=require('net');for(const p of ${JSON.stringify(OPEN[i])})net.createServer(s=>s.destroy()).listen(p,'${host}');setInterval(()=>{},1<<30)`;
  spawn('ip', ['netns', 'exec', H, process.execPath, '-e', prog], { env, detached: true, stdio: 'ignore' }).unref();
});
for (const [target, dev] of [
  [HOSTS[0], 'lab0'],
  [HOSTS[1], 'lab1'],
  [HOSTS[2], 'lab2'],
  ['203.0.113.77', 'lab0'],
]) {
  const route = nsExec(S, 'ip', 'route', 'get', target);
  if (!route.includes(` dev ${dev} `)) throw new Error(`route to ${target} is not via ${dev}: ${route}`);
}
for (let i = 0; ; i++) {
  // wait for the listeners
  const ready = HOSTS.every(
    (h, k) => nsExec(`pwb-h${k}-${tag}`, 'ss', '-Hltn').trim().split('\n').length >= OPEN[k].length,
  );
  if (ready) break;
  if (i > 100) throw new Error('listeners did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// --- timing ---------------------------------------------------------------------------------------------------
const inS = (cmd, args) => ({ cmd: 'ip', args: ['netns', 'exec', S, cmd, ...args] });
function run(c) {
  const t0 = performance.now();
  const r = spawnSync(c.cmd, c.args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    ...(c.timeoutS && { timeout: c.timeoutS * 1000, killSignal: 'SIGKILL' }),
  });
  const ms = performance.now() - t0;
  if (r.status === 130 || r.signal === 'SIGINT') process.exit(130); // Ctrl-C: the exit handler deletes the lab
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL') return { ms: Infinity, out: '' };
  if (r.status !== 0 && !(c.name.startsWith('portwarden') && r.status === 1)) {
    throw new Error(`${c.name} exited ${r.status ?? r.signal}: ${r.stderr}`);
  }
  return { ms, out: r.stdout ?? '' };
}
// Open ports found, "host:port" sorted, from portwarden's JSON Lines or nmap's grepable output.
function openPorts(name, out) {
  if (name.startsWith('portwarden')) {
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'port' && e.state === 'open')
      .map((e) => `${e.host}:${e.port}`)
      .sort();
  }
  return out
    .split('\n')
    .flatMap((l) => {
      const m = /^Host: (\S+).*Ports: (.*)/.exec(l);
      return m
        ? m[2]
            .split(', ')
            .filter((p) => p.includes('/open/'))
            .map((p) => `${m[1]}:${p.split('/')[0]}`)
        : [];
    })
    .sort();
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const f = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'timeout').padStart(9);
const load = [loadavg()[0]];

// Time one command; its output (captured, not printed) must show exactly the expected open ports.
function timed(c, ports, label) {
  const { ms, out } = run(c);
  const expected = HOSTS.flatMap((h, i) => OPEN[i].filter((p) => ports.includes(p)).map((p) => `${h}:${p}`)).sort();
  const found = Number.isFinite(ms) ? openPorts(c.name, out.replace(/^# .*$/gm, '')) : expected;
  if (JSON.stringify(found) !== JSON.stringify(expected))
    console.log(`  ${label} ${c.name}: WRONG open ports: ${found.join(' ')}`);
  return ms;
}
function compare(title, a, b, ports, n, warmup) {
  console.log(`\n== ${title}`);
  if (warmup) for (const c of [a, b]) console.log(`  warm-up ${c.name}: ${f(timed(c, ports, 'warm-up'))}`);
  const ta = [],
    tb = [];
  for (let i = 0; i < n; i++) {
    ta.push(timed(a, ports, `run ${i + 1}`));
    tb.push(timed(b, ports, `run ${i + 1}`));
    load.push(loadavg()[0]);
    console.log(`  run ${i + 1}: ${a.name} ${f(ta[i])}, ${b.name} ${f(tb[i])}, ratio ${(ta[i] / tb[i]).toFixed(2)}`);
  }
  for (const [c, xs] of [
    [a, ta],
    [b, tb],
  ]) {
    console.log(`  ${c.name.padEnd(44)} median ${f(median(xs))}  min ${f(Math.min(...xs))}  max ${f(Math.max(...xs))}`);
  }
  const ratios = ta.map((x, i) => x / tb[i]);
  console.log(
    `  portwarden / nmap: ratio of medians ${(median(ta) / median(tb)).toFixed(2)}, pair ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
}

console.log(
  `portwarden scan vs nmap -sT in a veth lab, ${runs} runs each, whole process, wall time; cores: ${availableParallelism()}`,
);
if (!only || only === 'a') {
  compare(
    'a) 3 hosts x 65,535 TCP ports',
    { name: 'portwarden scan -p- -T4', ...inS(process.execPath, [bin, 'scan', ...HOSTS, '-p-', '-T4', '--json']) },
    { name: 'nmap -sT -p- -T4 -n', ...inS('nmap', ['-sT', '-p-', '-T4', '-n', '-oG', '-', ...HOSTS]) },
    OPEN.flat(),
    runs,
    true,
  );
}
if (only !== 'a') {
  const ports = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { topPorts } from '${topPortsJs}'; console.log(topPorts(1000, 'tcp').join(','))`,
    ],
    { encoding: 'utf8' },
  ).trim();
  const list = ports.split(',').map(Number);
  const net = '203.0.113.0/24';
  // The scanner's own addresses .1-.3 are in the /24: both tools scan them too (loopback-fast, closed ports).
  if (only !== 'pn')
    compare(
      `b) ${net} (3 hosts up), portwarden's top 1,000 TCP ports given to both with -p, defaults (nmap pings first)`,
      {
        name: 'portwarden scan -p <top1000> -T4',
        ...inS(process.execPath, [bin, 'scan', net, '-p', ports, '-T4', '--json']),
      },
      { name: 'nmap -sT -p <top1000> -T4 -n', ...inS('nmap', ['-sT', '-p', ports, '-T4', '-n', '-oG', '-', net]) },
      list,
      runsB,
      false,
    );
  if (withPn || only === 'pn') {
    compare(
      `b') the same with -Pn for both (every address scanned; timeout ${pnTimeoutS} s per run)`,
      {
        name: 'portwarden scan -Pn -p <top1000> -T4',
        timeoutS: pnTimeoutS,
        ...inS(process.execPath, [bin, 'scan', net, '-Pn', '-p', ports, '-T4', '--json']),
      },
      {
        name: 'nmap -sT -Pn -p <top1000> -T4 -n',
        timeoutS: pnTimeoutS,
        ...inS('nmap', ['-sT', '-Pn', '-p', ports, '-T4', '-n', '-oG', '-', net]),
      },
      list,
      runsB,
      false,
    );
  }
}
console.log(`\nload average (1 min) during the runs: ${Math.min(...load).toFixed(2)}–${Math.max(...load).toFixed(2)}`);
