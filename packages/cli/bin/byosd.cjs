#!/usr/bin/env node
// The `byosd` command. In a checkout of the repository it runs the CLI's TypeScript sources through tsx (so that
// `npx byosd` works right after `npm ci`, and never runs a stale build); in an installed package, the build.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawn } = require('node:child_process');

const source = join(__dirname, '..', 'src', 'bin.ts');
const built = join(__dirname, '..', 'dist', 'bin.js');

function tsxCli() {
  try {
    return require.resolve('tsx/cli');
  } catch {
    return undefined;
  }
}

const tsx = existsSync(source) ? tsxCli() : undefined;
if (tsx === undefined) {
  require(built);
} else {
  const child = spawn(process.execPath, [tsx, '--conditions=byosd-source', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  // The child gets Ctrl+C from the terminal itself; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
