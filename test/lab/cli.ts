// npm run lab:up [host…] | lab:down | lab:status — the shared lab by hand (root, Linux).
import {
  hostStatus,
  labDown,
  labHosts,
  labUp,
  LAB_BRIDGE,
  LAB_GATEWAY,
  LAB_GATEWAY6,
  LAB_NS,
  hostAddress,
} from './lab.js';
import { labUnavailableReason } from './netns.js';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...names] = argv;
  const unavailable = labUnavailableReason();
  if (unavailable !== null && command !== 'packages') {
    console.error(`the lab cannot run here: ${unavailable}`);
    return 2;
  }
  switch (command) {
    case 'up':
    case 'restart': {
      const hosts = await labUp(names, { restart: command === 'restart' });
      let failed = 0;
      for (const h of hosts) {
        const s = hostStatus(h.name);
        if (s.state !== 'ready') failed += 1;
        console.log(
          `${h.name.padEnd(13)} ${hostAddress(h.octet).padEnd(15)} ${s.state}${s.state === 'failed' ? `: ${s.reason}` : ''}`,
        );
      }
      console.log(
        `bridge ${LAB_BRIDGE} ${LAB_GATEWAY} ${LAB_GATEWAY6} in namespace ${LAB_NS}; ` +
          `${hosts.length - failed}/${hosts.length} hosts ready. Scan them from there: ` +
          `ip netns exec ${LAB_NS} npx portwarden scan 203.0.113.0/24`,
      );
      return failed === 0 ? 0 : 1;
    }
    case 'down':
      labDown();
      return 0;
    case 'status': {
      for (const h of await labHosts()) {
        const s = hostStatus(h.name);
        console.log(`${h.name.padEnd(13)} ${hostAddress(h.octet).padEnd(15)} ${s.state.padEnd(7)} ${h.description}`);
      }
      return 0;
    }
    case 'packages':
      console.log([...new Set((await labHosts()).flatMap((h) => h.packages))].sort().join(' '));
      return 0;
    default:
      console.error('usage: lab up [host…] | restart [host…] | down | status | packages');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
