#!/usr/bin/env node
import { runCli } from '../cli/run-cli.js';

// The user's module may hold handles (a pool, a timer) that would keep the process alive: exit once written.
void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => process.stdout.write('', () => process.exit(code)));
