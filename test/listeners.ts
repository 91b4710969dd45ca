// A child process that opens listeners and reports their ports, for tests that need a known holder.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ListenerSpec {
  readonly transport: 'tcp' | 'udp';
  readonly address: string;
  /** 0 for any free port. */
  readonly port: number;
}

export interface OpenedListener extends ListenerSpec {
  readonly port: number;
}

/** Source of a Node program that opens `specs` and prints one JSON line: the opened listeners. */
export function listenerProgram(specs: readonly ListenerSpec[]): string {
  return `
const net = require('node:net'); const dgram = require('node:dgram');
const specs = ${JSON.stringify(specs)}; const opened = []; const keep = [];
let left = specs.length;
const done = (spec, port) => { opened.push({ ...spec, port }); if (--left === 0) console.log('OPENED ' + JSON.stringify(opened)); };
for (const spec of specs) {
  if (spec.transport === 'tcp') {
    const s = net.createServer(); keep.push(s);
    s.listen({ port: spec.port, host: spec.address, ipv6Only: spec.address.includes(':') }, () => done(spec, s.address().port));
  } else {
    const u = dgram.createSocket({ type: spec.address.includes(':') ? 'udp6' : 'udp4', ipv6Only: spec.address.includes(':') }); keep.push(u);
    u.bind(spec.port, spec.address, () => done(spec, u.address().port));
  }
}
setInterval(() => {}, 1 << 30);
`;
}

/** Parse the OPENED line a listener program printed. */
export function parseOpened(output: string): OpenedListener[] {
  const line = output.split('\n').find((l) => l.startsWith('OPENED '));
  if (line === undefined) throw new Error(`listener program printed no OPENED line: ${output}`);
  return JSON.parse(line.slice('OPENED '.length)) as OpenedListener[];
}

/** Start a listener program in this namespace; resolves when every listener is open. */
export async function startListeners(
  specs: readonly ListenerSpec[],
): Promise<{ child: ChildProcess; opened: OpenedListener[] }> {
  const child = spawn(process.execPath, ['-e', listenerProgram(specs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const output = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n') && out.includes('OPENED')) resolve(out);
    });
    child.once('exit', (code) => {
      reject(new Error(`listener program exited with ${code}: ${out}`));
    });
  });
  return { child, opened: parseOpened(output) };
}
