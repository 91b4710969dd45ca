#!/usr/bin/env node
// The installed command: run the compiled CLI and exit with its code.
import { run } from '../dist/src/cli/main.js';

process.exitCode = await run(process.argv.slice(2));
