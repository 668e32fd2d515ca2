/**
 * The conformance run, every adapter directly and through the gateway (`byosd conformance` and
 * `--via-gateway`, from the built CLI): wall time of each, the direct run as the baseline.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result.js';
import { CLI } from './startup-case.js';

function timeRun(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'conformance', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`byosd conformance ${args.join(' ')} failed (exit ${run.status})`);
  return (performance.now() - start) / 1000;
}

/** `adapters`: names to run (default: every adapter of the workspace). */
export function measureConformance(adapters: readonly string[] = []): BenchResult[] {
  const direct = timeRun([...adapters]);
  const viaGateway = timeRun([...adapters, '--via-gateway']);
  const which = adapters.length === 0 ? 'every adapter' : adapters.join(', ');
  return [
    {
      name: `conformance, ${which}`,
      metric: 'wall time',
      value: viaGateway,
      unit: 's',
      baseline: direct,
      baselineName: 'directly',
      ratio: viaGateway / direct,
    },
  ];
}
