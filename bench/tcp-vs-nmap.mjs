#!/usr/bin/env node
// Benchmark (run by hand): a full 65,535-port TCP connect scan of 127.0.0.1 with portwarden's engine
// (one thread, sharded over worker threads, and with the native connector, which the first run compiles with
// `cc` into ~/.cache/portwarden) against `nmap -sT -p- -T4 -n 127.0.0.1` and against floors
// measured in the same run: a C epoll loop compiled here with `cc` (one process, and two processes splitting
// the ports: the two-core floor), and a naive Node loop (one net.Socket per port). Whole process, wall time,
// the contenders interleaved round by round; prints median/min/max and the ratios of medians.
// Touches only 127.0.0.1. Usage: node bench/tcp-vs-nmap.mjs [runs=7]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 7);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pw-tcp-bench-'));

// The engine, compiled from the sources (so the benchmark does not depend on a fresh `npm run build`).
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/typescript/bin/tsc'),
    ...['--outDir', dir, '--rootDir', join(root, 'src'), '--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ...['--target', 'es2022', '--skipLibCheck', '--types', 'node', '--strict'],
    ...['index.ts', 'worker.ts'].map((f) => join(root, 'src/scan/tcp', f)),
  ],
  { stdio: 'inherit' },
);
writeFileSync(
  join(dir, 'ours.mjs'),
  `import { scanTcpSharded } from './scan/tcp/workers.js';
function* probes() { for (let port = 1; port <= 65535; port++) yield { host: '127.0.0.1', port, index: port }; }
let ports = 0, open = 0;
const native = process.argv[3] === 'native';
for await (const e of scanTcpSharded(probes(), { timing: 4, native }, undefined, { threads: Number(process.argv[2]) })) {
  if (e.type === 'port') { ports++; if (e.state === 'open') open++; }
}
if (ports !== 65535) throw new Error('expected 65535 results, got ' + ports);
console.log(open);
`,
);
// The naive loop the design notes measured: one net.Socket per port, 4,096 in flight.
writeFileSync(
  join(dir, 'naive.mjs'),
  `import net from 'node:net';
let next = 1, inflight = 0, done = 0, open = 0;
const pump = () => { while (inflight < 4096 && next <= 65535) { const s = net.connect(next++, '127.0.0.1'); inflight++;
  s.on('connect', () => { open++; s.destroy(); }); s.on('error', () => {}); s.on('close', () => { inflight--; if (++done === 65535) console.log(open); else pump(); }); } };
pump();
`,
);
// The C floor: nonblocking connects in an epoll loop; process k of P takes the ports p with p % P == k.
writeFileSync(
  join(dir, 'floor.c'),
  `#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
static int scan(int k, int P) {
  int ep = epoll_create1(0), inflight = 0, open = 0, port = 1 + k;
  struct sockaddr_in sa; memset(&sa, 0, sizeof sa); sa.sin_family = AF_INET; sa.sin_addr.s_addr = htonl(0x7f000001);
  struct epoll_event evs[512];
  for (;;) {
    while (inflight < 2048 && port <= 65535) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      if (fd < 0) break;
      sa.sin_port = htons(port);
      if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) { open++; close(fd); }
      else if (errno == EINPROGRESS) { struct epoll_event ev = { .events = EPOLLOUT, .data.fd = fd }; epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev); inflight++; }
      else close(fd);
      port += P;
    }
    if (inflight == 0 && port > 65535) break;
    int n = epoll_wait(ep, evs, 512, 1000);
    for (int i = 0; i < n; i++) {
      int err = 0; socklen_t l = sizeof err;
      getsockopt(evs[i].data.fd, SOL_SOCKET, SO_ERROR, &err, &l);
      if (err == 0) open++;
      close(evs[i].data.fd); inflight--;
    }
  }
  printf("%d\\n", open);
  return 0;
}
int main(int argc, char **argv) {
  int P = argc > 1 ? atoi(argv[1]) : 1;
  for (int k = 0; k < P; k++) if (fork() == 0) return scan(k, P);
  for (int k = 0; k < P; k++) wait(NULL);
  return 0;
}
`,
);
const cc = spawnSync('cc', ['-O2', '-o', join(dir, 'floor'), join(dir, 'floor.c')], { stdio: 'inherit' });
const haveC = cc.status === 0;
const haveNmap = spawnSync('nmap', ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveNmap) console.warn('nmap is not installed (apt-get install -y nmap): its column is left out.');
if (!haveC) console.warn('cc failed: the C floors are left out.');

const threads = Math.max(2, Math.min(4, availableParallelism()));
const contenders = [
  { name: 'portwarden 1 thread', cmd: process.execPath, args: [join(dir, 'ours.mjs'), '1'] },
  { name: `portwarden ${threads} threads`, cmd: process.execPath, args: [join(dir, 'ours.mjs'), String(threads)] },
  { name: 'portwarden native', cmd: process.execPath, args: [join(dir, 'ours.mjs'), '1', 'native'] },
  ...(haveNmap ? [{ name: 'nmap -sT -p- -T4', cmd: 'nmap', args: ['-sT', '-p-', '-T4', '-n', '127.0.0.1'] }] : []),
  ...(haveC
    ? [
        { name: 'C epoll, 1 process', cmd: join(dir, 'floor'), args: ['1'] },
        { name: 'C epoll, 2 processes', cmd: join(dir, 'floor'), args: ['2'] },
      ]
    : []),
  { name: 'naive Node net.Socket', cmd: process.execPath, args: [join(dir, 'naive.mjs')] },
];

function time(c) {
  const t0 = performance.now();
  const r = spawnSync(c.cmd, c.args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const times = new Map(contenders.map((c) => [c.name, []]));
const load = [loadavg()[0]];
try {
  for (const c of contenders) time(c); // warm-up: page cache, nmap's data files
  for (let i = 0; i < runs; i++) {
    for (const c of contenders) times.get(c.name).push(time(c));
    load.push(loadavg()[0]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nFull TCP connect scan of 127.0.0.1 (65,535 ports), ${runs} runs, whole process, wall time`);
console.log(
  `cores: ${availableParallelism()}, load average during the runs: ${Math.min(...load).toFixed(2)}–${Math.max(...load).toFixed(2)}\n`,
);
console.log('contender'.padEnd(26), 'median'.padStart(8), 'min'.padStart(8), 'max'.padStart(8));
for (const [name, xs] of times) {
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(8);
  console.log(name.padEnd(26), f(median(xs)), f(Math.min(...xs)), f(Math.max(...xs)));
}
const m = (name) => (times.has(name) ? median(times.get(name)) : NaN);
console.log('');
for (const [label, ours] of [
  ['pure TypeScript, best', Math.min(m('portwarden 1 thread'), m(`portwarden ${threads} threads`))],
  ['native connector', m('portwarden native')],
]) {
  console.log(`portwarden (${label}):`);
  if (haveNmap) console.log(`  / nmap -sT -p- -T4:   ${(ours / m('nmap -sT -p- -T4')).toFixed(2)}  (goal ≤ 0.50)`);
  if (haveC) console.log(`  / C, 2 processes:     ${(ours / m('C epoll, 2 processes')).toFixed(2)}  (goal ≤ 1.30)`);
  console.log(`  / naive Node:         ${(ours / m('naive Node net.Socket')).toFixed(2)}`);
}
