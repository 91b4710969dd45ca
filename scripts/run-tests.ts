// `npm test`: vitest, inside the lab when this machine can run it (Linux, root, iproute2). The lab's hosts are
// brought up first, vitest then runs inside the lab's namespace `pwlab` so lab addresses route through its bridge
// and nowhere else, and the lab is taken down afterwards (unless it was up before, or PORTWARDEN_LAB_KEEP=1).
// Elsewhere vitest runs as it is and the lab tests say loudly that they skip. Arguments go to `vitest run`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hostStatus, labDown, labIsUp, labUp, LAB_NS } from '../test/lab/lab.js';
import { labUnavailableReason } from '../test/lab/netns.js';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const args = ['run', ...process.argv.slice(2)];

function run(cmd: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: 'inherit', env: process.env });
    const forward = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

async function main(): Promise<number> {
  const reason = labUnavailableReason() ?? (process.env['PORTWARDEN_LAB'] === 'off' ? 'PORTWARDEN_LAB=off' : null);
  if (reason !== null) {
    console.warn(
      `\n*** The lab cannot run here (${reason}): lab tests will skip (or fail with PORTWARDEN_REQUIRE_LAB=1). ***\n`,
    );
    return run(process.execPath, [vitest, ...args]);
  }
  const wasUp = labIsUp();
  const started = Date.now();
  const hosts = await labUp();
  const failed = hosts.filter((h) => hostStatus(h.name).state !== 'ready');
  console.log(`lab: ${hosts.length - failed.length}/${hosts.length} hosts up in ${Date.now() - started} ms`);
  for (const h of failed) {
    const s = hostStatus(h.name);
    console.warn(`*** lab host ${h.name} is not up: ${s.state === 'failed' ? s.reason : s.state} ***`);
  }
  try {
    return await run('ip', ['netns', 'exec', LAB_NS, process.execPath, vitest, ...args]);
  } finally {
    if (!wasUp && process.env['PORTWARDEN_LAB_KEEP'] !== '1') labDown();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
