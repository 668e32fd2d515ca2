/** The benchmark's output: a table on stdout, and bench-results/results.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import type { BenchResult } from './bench-result.js';

export interface Machine {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  /** The load average (1 min) when the run began: other work on the machine shares the cores. */
  loadAverage: number;
  at: string;
}

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
    at: new Date().toISOString(),
  };
}

const round = (value: number) => Number(value.toPrecision(value >= 100 ? 5 : 3));

export function printTable(results: readonly BenchResult[]): void {
  console.table(
    results.map((result) => ({
      case: result.name,
      metric: result.metric,
      value: `${round(result.value)} ${result.unit}`,
      baseline: `${round(result.baseline)} ${result.unit} (${result.baselineName})`,
      ratio: round(result.ratio),
    })),
  );
}

/** Writes the results; returns the file's path relative to the working directory. */
export function writeResults(machine: Machine, results: readonly BenchResult[], directory = join(__dirname, '..', '..', 'bench-results')): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'results.json');
  const benchmarks = results.map((result) => ({ ...result, value: round(result.value), baseline: round(result.baseline), ratio: round(result.ratio) }));
  writeFileSync(file, `${JSON.stringify({ machine, benchmarks }, null, 2)}\n`);
  return relative(process.cwd(), file);
}
