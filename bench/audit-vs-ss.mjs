#!/usr/bin/env node
// Benchmark (run by hand): `portwarden audit --json` against `ss -tulpn` with many listening sockets.
// Opens N listeners on 127.0.0.1 in a helper process (N=5000 by default), then times both commands
// alternately, whole process, and prints medians and the ratio measured in the same run.
// Usage: node bench/audit-vs-ss.mjs [sockets] [runs]     (after `npm run build`)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const sockets = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 7);
const bin = fileURLToPath(new URL('../bin/portwarden.js', import.meta.url));

// The holder: half TCP listeners, half UDP sockets, all on loopback.
const holderSource = `
const net = require('node:net'); const dgram = require('node:dgram');
const n = ${sockets}; let open = 0; const keep = [];
const done = () => { if (++open === n) process.stdout.write('READY\\n'); };
for (let i = 0; i < n; i++) {
  // Anything that connects (another scanner on this machine) is dropped without bringing the holder down.
  if (i % 2 === 0) { const s = net.createServer((c) => { c.on('error', () => {}); c.destroy(); }); s.listen(0, '127.0.0.1', done); keep.push(s); }
  else { const u = dgram.createSocket('udp4'); u.on('error', () => {}); u.bind(0, '127.0.0.1', done); keep.push(u); }
}
setInterval(() => {}, 1 << 30);
`;
const holder = spawn(process.execPath, ['-e', holderSource], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  holder.stdout.on('data', (d) => String(d).includes('READY') && resolve());
  holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
});

function time(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, bytes: r.stdout.length };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  time(process.execPath, [bin, 'audit', '--json', '--no-firewall']); // warm-up (disk cache)
  time('ss', ['-tulpn']);
  const pw = [];
  const ss = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const a = time(process.execPath, [bin, 'audit', '--json', '--no-firewall']);
    const b = time('ss', ['-tulpn']);
    pw.push(a.ms);
    ss.push(b.ms);
    ratios.push(a.ms / b.ms);
  }
  const fmt = (xs) =>
    `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`listening sockets opened: ${sockets}, runs: ${runs}`);
  console.log(`portwarden audit --json --no-firewall: ${fmt(pw)}`);
  console.log(`ss -tulpn:                             ${fmt(ss)}`);
  console.log(
    `ratio portwarden/ss, pair by pair: median ${median(ratios).toFixed(2)}x (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}); goal: within 3x`,
  );
} finally {
  holder.kill();
}
