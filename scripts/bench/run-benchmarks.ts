/**
 * `npm run bench [-- --quick] [-- --only relay,floor,tuned,proxy,redis,memory,startup,conformance,micro]`: every case, each
 * against a baseline measured in the same run. `--quick` runs fewer and shorter rounds, the example backend only.
 */
import { parseArgs } from 'node:util';
import { discoverBackends } from '@byosd/testbed';
import type { BenchResult } from './bench-result.js';
import { measureConformance } from './conformance-case.js';
import { measureIdleMemory } from './idle-memory-case.js';
import { measureMicro } from './micro-case.js';
import { compareRelays, type RelayTarget, startBareRelay, startGatewayRelay, startProtocolFloorRelay } from './relay-case.js';
import { describeMachine, printTable, writeResults } from './report.js';
import { measureStartup } from './startup-case.js';

export const CASES = ['relay', 'floor', 'tuned', 'proxy', 'redis', 'memory', 'startup', 'conformance', 'micro'] as const;

/**
 * The V8 setting docs/gateway.md recommends for a busy gateway: a larger young generation, so that the short-lived
 * objects of each relayed message die in fewer, cheaper scavenges.
 */
export const TUNED_GATEWAY_FLAGS = ['--max-semi-space-size=64'];
type Case = (typeof CASES)[number];

interface Plan {
  rounds: number;
  durationMs: number;
  /** Backends relayed at 100 chats; the example one also at 1,000. */
  backends: string[];
  idleChats: number[];
  startupRounds: number;
  /** Adapters of the conformance run; none means every one. */
  conformanceAdapters: string[];
}

function plan(quick: boolean): Plan {
  const relayable = discoverBackends()
    .filter((backend) => backend.demo !== undefined)
    .map((backend) => backend.name);
  return quick
    ? { rounds: 3, durationMs: 2000, backends: ['example'], idleChats: [1000], startupRounds: 5, conformanceAdapters: ['example'] }
    : { rounds: 5, durationMs: 5000, backends: relayable, idleChats: [1000, 10_000], startupRounds: 10, conformanceAdapters: [] };
}

async function withTargets(
  start: () => Promise<[RelayTarget, RelayTarget]>,
  measure: (baseline: RelayTarget, subject: RelayTarget) => Promise<BenchResult[]>,
): Promise<BenchResult[]> {
  const [baseline, subject] = await start();
  try {
    return await measure(baseline, subject);
  } finally {
    await subject.stop();
    await baseline.stop();
  }
}

async function relay(p: Plan, kind: 'widget' | 'proxy', backend: string, chats: number, gatewayFlags: string[] = []): Promise<BenchResult[]> {
  const label = (kind === 'widget' ? 'widget protocol' : 'proxy desk') + (gatewayFlags.length > 0 ? `, node ${gatewayFlags.join(' ')}` : '');
  return withTargets(
    async () => [await startBareRelay(chats), await startGatewayRelay({ backend, chats, kind, store: 'memory', gatewayFlags })],
    (baseline, subject) =>
      compareRelays(
        {
          name: `relay ${backend}, ${chats.toLocaleString('en')} chats, ${label}`,
          baselineName: 'bare ws forwarder',
          rounds: p.rounds,
          durationMs: p.durationMs,
        },
        baseline,
        subject,
      ),
  );
}

/** The protocol floor against the bare forwarder: the ceiling of any relay between the widget and the example desk. */
async function floorRelay(p: Plan, chats: number): Promise<BenchResult[]> {
  return withTargets(
    async () => [await startBareRelay(chats), await startProtocolFloorRelay(chats)],
    (baseline, subject) =>
      compareRelays(
        {
          name: `relay example, ${chats.toLocaleString('en')} chats, protocol floor (no gateway work)`,
          baselineName: 'bare ws forwarder',
          rounds: p.rounds,
          durationMs: p.durationMs,
        },
        baseline,
        subject,
      ),
  );
}

async function redisRelay(p: Plan, chats: number): Promise<BenchResult[]> {
  return withTargets(
    async () => [
      await startGatewayRelay({ backend: 'example', chats, kind: 'widget', store: 'memory' }),
      await startGatewayRelay({ backend: 'example', chats, kind: 'widget', store: 'redis' }),
    ],
    (baseline, subject) =>
      compareRelays(
        { name: `relay example, ${chats.toLocaleString('en')} chats, Redis stores`, baselineName: 'memory stores', rounds: p.rounds, durationMs: p.durationMs },
        baseline,
        subject,
      ),
  );
}

async function runCase(name: Case, p: Plan): Promise<BenchResult[]> {
  switch (name) {
    case 'relay': {
      const results: BenchResult[] = [];
      for (const backend of p.backends) results.push(...(await relay(p, 'widget', backend, 100)));
      results.push(...(await relay(p, 'widget', 'example', 1000)));
      return results;
    }
    case 'floor':
      return floorRelay(p, 1000);
    case 'tuned':
      return relay(p, 'widget', 'example', 1000, TUNED_GATEWAY_FLAGS);
    case 'proxy':
      return [...(await relay(p, 'proxy', 'example', 100)), ...(await relay(p, 'proxy', 'example', 1000))];
    case 'redis':
      return redisRelay(p, 1000);
    case 'memory': {
      const results: BenchResult[] = [];
      for (const chats of p.idleChats) results.push(...(await measureIdleMemory(chats)));
      return results;
    }
    case 'startup':
      return measureStartup(p.startupRounds);
    case 'conformance':
      return measureConformance(p.conformanceAdapters);
    case 'micro':
      return measureMicro(p.rounds);
  }
}

export async function runBenchmarks(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { quick: { type: 'boolean' }, only: { type: 'string' } }, strict: true });
  const only = values.only?.split(',') ?? [...CASES];
  const unknown = only.filter((name) => !(CASES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`Unknown case ${unknown.join(', ')}: the cases are ${CASES.join(', ')}`);
  const machine = describeMachine();
  const p = plan(values.quick === true);
  const results: BenchResult[] = [];
  for (const name of only as Case[]) {
    console.log(`bench: ${name}…`);
    try {
      results.push(...(await runCase(name, p)));
    } catch (error) {
      // One broken case (no Redis, a backend that fails) must not cost the others' figures.
      console.error(`bench: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
  printTable(results);
  console.log(`Wrote ${writeResults(machine, results)}`);
}
