// Namespace plumbing shared by the lab benchmarks: run commands, create namespaces with loopback up,
// and delete them (killing what runs inside) on exit, errors and Ctrl-C.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };

/** Run a command and return its stdout; throws on failure. */
export const sh = (cmd, ...args) =>
  execFileSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });

/** A random suffix so names never clash with another run. */
export const tag = randomBytes(3).toString('hex');

const namespaces = [];
const onCleanup = [];

/** Create a namespace with loopback up; it is deleted when the process exits. */
export function nsAdd(name) {
  sh('ip', 'netns', 'add', name);
  namespaces.push(name);
  sh('ip', '-n', name, 'link', 'set', 'lo', 'up');
  return name;
}

/** Run a command inside a namespace. */
export const nsExec = (ns, cmd, ...args) => sh('ip', 'netns', 'exec', ns, cmd, ...args);

/** Something more to undo at exit (a temporary folder…). */
export function atCleanup(fn) {
  onCleanup.push(fn);
}

function cleanup() {
  for (const ns of namespaces.splice(0)) {
    try {
      for (const pid of sh('ip', 'netns', 'pids', ns)
        .split('\n')
        .filter((l) => /^\d+$/.test(l))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      sh('ip', 'netns', 'delete', ns);
    } catch (err) {
      console.error(`could not delete namespace ${ns}: ${err.message}`);
    }
  }
  for (const fn of onCleanup.splice(0)) fn();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));
