/**
 * Benchmarks: `npm run bench`. Each case is measured against a baseline taken in the same run, so the ratios
 * mean something on any machine. Prints a table and writes bench-results/bench.json.
 *
 * `npm run bench -- <backend> [flags]` runs instead the benchmark that backend's package declares
 * (`byosd.bench` in its package.json, found as every tool finds backends), passing the flags on.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChatEventBus, connectMessage, defineAdapter, ServiceDeskRegistry, silentLogger, SPEC_VERSION, ServiceIdentifiers } from '@byosd/core';
import { listBackendPackages } from '@byosd/testbed';
import { Container } from 'inversify';
import { z } from 'zod';

interface Result {
  name: string;
  baseline: string;
  operations: number;
  opsPerSecond: number;
  baselineOpsPerSecond: number;
  /** How much slower than the baseline: 1 means as fast. */
  slowdown: number;
  heapDeltaBytes: number;
}

async function measure(operations: number, run: (index: number) => unknown): Promise<{ opsPerSecond: number; heapDeltaBytes: number }> {
  for (let i = 0; i < Math.min(1000, operations); i += 1) await run(i); // warm-up
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  for (let i = 0; i < operations; i += 1) await run(i);
  const elapsed = performance.now() - start;
  return { opsPerSecond: Math.round((operations / elapsed) * 1000), heapDeltaBytes: process.memoryUsage().heapUsed - heapBefore };
}

async function compare(name: string, baselineName: string, operations: number, subject: (i: number) => unknown, baseline: (i: number) => unknown): Promise<Result> {
  const base = await measure(operations, baseline);
  const measured = await measure(operations, subject);
  return {
    name,
    baseline: baselineName,
    operations,
    opsPerSecond: measured.opsPerSecond,
    baselineOpsPerSecond: base.opsPerSecond,
    slowdown: Number((base.opsPerSecond / measured.opsPerSecond).toFixed(2)),
    heapDeltaBytes: measured.heapDeltaBytes,
  };
}

class NullDesk {
  getName() {
    return 'null';
  }
  async startChat() {}
  async endChat() {}
  async sendMessageToAgent() {}
}

async function main(): Promise<void> {
  const results: Result[] = [];

  // The bus: publish to 3 subscribers, against pushing onto an array and calling 3 functions.
  const bus = new ChatEventBus({ chatId: 'bench', bufferSize: 1000 });
  let received = 0;
  for (let i = 0; i < 3; i += 1) bus.subscribe(() => void (received += 1));
  const plain: unknown[] = [];
  const listeners = [() => void (received += 1), () => void (received += 1), () => void (received += 1)];
  results.push(
    await compare(
      'bus.publish, 3 subscribers',
      'array push + 3 calls',
      200_000,
      (i) => bus.publish({ type: 'agentTyping', isTyping: i % 2 === 0 }),
      (i) => {
        plain.push({ type: 'agentTyping', isTyping: i % 2 === 0 });
        if (plain.length > 1000) plain.shift();
        for (const listener of listeners) listener();
      },
    ),
  );

  // The chat session's send path (validation, idempotency, events), against calling the adapter directly.
  const plugin = defineAdapter({
    name: 'null',
    version: '0.0.0',
    specVersion: SPEC_VERSION,
    runtime: 'both',
    optionsSchema: z.object({}),
    capabilities: {
      agentAvailability: false,
      queueUpdates: false,
      userTyping: false,
      agentTyping: false,
      userReadReceipts: false,
      agentReadReceipts: false,
      transfer: false,
      agentLeave: false,
      fileUploads: false,
      stateUpdates: false,
      resume: false,
      disconnectReporting: false,
      maxMessageLength: 4096,
    },
    serviceDesk: NullDesk,
  });
  const container = new Container();
  container.bind(ServiceIdentifiers.Logger).toConstantValue(silentLogger);
  const session = await new ServiceDeskRegistry({ container }).register(plugin).load('null', {});
  await session.startChat(connectMessage('bench'), {});
  const direct = new NullDesk();
  results.push(
    await compare(
      'session.sendMessageToAgent',
      'adapter.sendMessageToAgent',
      50_000,
      (i) => session.sendMessageToAgent({ input: { text: `message ${i}` } }, `m-${i}`),
      () => direct.sendMessageToAgent(),
    ),
  );

  console.table(
    results.map((result) => ({
      case: result.name,
      'ops/s': result.opsPerSecond,
      baseline: result.baseline,
      'baseline ops/s': result.baselineOpsPerSecond,
      slowdown: `${result.slowdown}x`,
      'heap delta (KiB)': Math.round(result.heapDeltaBytes / 1024),
    })),
  );
  const directory = join(__dirname, '..', 'bench-results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'bench.json'), `${JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`Wrote ${join('bench-results', 'bench.json')}`);
}

/** Runs the benchmark of the backend named first on the command line; undefined when none is named. */
function runBackendBenchmark(argv: string[]): number | undefined {
  const [name, ...flags] = argv;
  if (name === undefined || name.startsWith('-')) return undefined;
  const backends = listBackendPackages().filter((backend) => backend.benchScript !== undefined);
  const backend = backends.find((candidate) => candidate.packageName === `@byosd/adapter-${name}`);
  if (!backend?.benchScript) {
    console.error(`No benchmark for "${name}". Backends with one: ${backends.map((candidate) => candidate.packageName.replace('@byosd/adapter-', '')).join(', ') || 'none'}`);
    return 2;
  }
  return spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=byosd-source', backend.benchScript, ...flags], { stdio: 'inherit' }).status ?? 1;
}

const backendExit = runBackendBenchmark(process.argv.slice(2));
if (backendExit === undefined) void main();
else process.exitCode = backendExit;
