/**
 * Start-up: from spawning `node packages/cli/dist/bin.js gateway` to its first 200 on /healthz, against a bare
 * `node:http` server answering 200, in alternating rounds.
 */
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { alternate, median } from './stats.js';

const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const BARE_SERVER = "require('node:http').createServer((request, response) => response.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers200(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/healthz' }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
  });
}

/** Milliseconds from spawn to the first 200. */
async function timeToFirst200(args: (port: number) => string[]): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, args(port), { stdio: 'ignore', cwd: ROOT });
  try {
    const deadline = start + 30_000;
    while (!(await answers200(port))) {
      if (performance.now() > deadline || child.exitCode !== null) throw new Error(`No 200 on port ${port} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return performance.now() - start;
  } finally {
    child.kill();
  }
}

export async function measureStartup(rounds: number): Promise<BenchResult[]> {
  const samples = await alternate(
    rounds,
    () => timeToFirst200((port) => ['-e', BARE_SERVER, String(port)]),
    () => timeToFirst200((port) => [CLI, 'gateway', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn']),
  );
  const value = median(samples.subject);
  const baseline = median(samples.baseline);
  return [
    { name: 'start-up, built CLI', metric: 'spawn to first 200', value, unit: 'ms', baseline, baselineName: 'bare node:http server', ratio: value / baseline },
  ];
}
