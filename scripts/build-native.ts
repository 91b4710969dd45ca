// Build step (part of `npm run build`, hence of `npm install`): compile the optional native TCP connector with the
// machine's own C compiler. Never fails the build: without a compiler or Node's headers, scans use the pure
// TypeScript engine, and this says so in one line.
import { existsSync } from 'node:fs';
import { buildNativeAddon, packagedAddonPath } from '../src/scan/tcp/native.js';

const file = packagedAddonPath();
if (existsSync(file)) {
  process.stdout.write(`native TCP connector: up to date (${file})\n`);
} else {
  try {
    const started = Date.now();
    buildNativeAddon(file);
    process.stdout.write(`native TCP connector: built in ${Date.now() - started} ms (${file})\n`);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    process.stdout.write(`native TCP connector: not built (${reason}); scans use the TypeScript engine\n`);
  }
}
