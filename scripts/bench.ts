/**
 * Benchmarks: `npm run bench [-- --quick]`. Each case is measured against a baseline taken in the same run, in
 * alternating rounds, so the ratios mean something on any machine. Prints a table and writes
 * bench-results/results.json; the cases live in scripts/bench/.
 *
 * `npm run bench -- <backend> [flags]` runs instead the benchmark that backend's package declares
 * (`byosd.bench` in its package.json, found as every tool finds backends), passing the flags on.
 */
import { spawnSync } from 'node:child_process';
import { listBackendPackages } from '@byosd/testbed';
import { runBenchmarks } from './bench/run-benchmarks.js';

/** Runs the benchmark of the backend named first on the command line; undefined when none is named. */
function runBackendBenchmark(argv: string[]): number | undefined {
  const [name, ...flags] = argv;
  if (name === undefined || name.startsWith('-')) return undefined;
  const backends = listBackendPackages().filter((backend) => backend.benchScript !== undefined);
  const backend = backends.find((candidate) => candidate.packageName === `@byosd/adapter-${name}`);
  if (!backend?.benchScript) {
    console.error(
      `No benchmark for "${name}". Backends with one: ${backends.map((candidate) => candidate.packageName.replace('@byosd/adapter-', '')).join(', ') || 'none'}`,
    );
    return 2;
  }
  return (
    spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=byosd-source', backend.benchScript, ...flags], { stdio: 'inherit' }).status ?? 1
  );
}

const backendExit = runBackendBenchmark(process.argv.slice(2));
if (backendExit === undefined) {
  runBenchmarks(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
} else {
  process.exitCode = backendExit;
}
