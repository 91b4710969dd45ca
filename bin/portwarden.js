#!/usr/bin/env node
// The installed command: run the compiled CLI and exit with its code. Ctrl-C aborts the work cleanly.
import { run } from '../dist/src/cli/main.js';

const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
});
// A reader that went away (`portwarden scan … | head`) is not an error of ours.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await run(process.argv.slice(2), undefined, controller.signal);
