/**
 * The polling benchmark of the Genesys Engage adapter (not a test): N chats idle for a minute, then the same chats
 * active for a minute, against a fixed 1-second poller over N chats of its own during the idle minute, measured
 * in the same run against the same simulator (in a process of its own).
 *
 *   npx tsx --conditions=byosd-source adapters/genesys-engage/bench/polling-bench.ts [--quick] [--max-poll-interval-ms=N]
 *
 * Reports customer API requests per chat per minute, and agent-message delivery latency (from GWS holding the
 * agent's message to the adapter reporting it) p50 / p95 while active. Prints a table and writes
 * bench-results/genesys-engage.json. --quick: 50 chats, 15 s phases (the idle figure then mostly shows the
 * backoff ramp after the agents joined). --max-poll-interval-ms=N: the adapter's maxPollIntervalMs instead of its
 * default, to measure the trade-off between idle requests and the wake-up wait (written to
 * bench-results/genesys-engage-max-<N>.json).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { connectMessage, createMemoryWebhookHub, type MessageResponse, type ServiceDesk, type ServiceDeskCallback, silentLogger } from '@byosd/core';
import * as z from 'zod/mini';
import { genesysEngageAdapter } from '../src/index.js';
import { GwsClient } from '../src/gws-client.js';
import type { SimulatorCommand, SimulatorReply } from './simulator-process.js';

const quick = process.argv.includes('--quick');
const maxIntervalArgument = process.argv.find((argument) => argument.startsWith('--max-poll-interval-ms='))?.split('=')[1];
const maxPollIntervalMs = maxIntervalArgument === undefined ? undefined : Number(maxIntervalArgument);
const CHATS = quick ? 50 : 500;
const PHASE_MS = quick ? 15_000 : 60_000;
const FIXED_INTERVAL_MS = 1000;
/** While active, each agent types for a second, then writes; the next message follows after 1.5 to 3.5 s. */
const TYPING_MS = 1000;
const PAUSE_MS: [number, number] = [1500, 3500];

const print = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (value: number) => Math.round(value * 10) / 10;

/** The simulator process, driven over IPC. */
class SimulatorProcess {
  private next = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly ready: Promise<{ baseUrl: string; contactCenterId: string }>;

  constructor(private readonly child: ChildProcess) {
    this.ready = new Promise((resolve) =>
      this.pending.set(0, { resolve: (value) => resolve(value as { baseUrl: string; contactCenterId: string }), reject: () => undefined }),
    );
    child.on('message', (reply: SimulatorReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.result);
    });
  }

  run<T>(command: SimulatorCommand): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.child.send({ id, command });
    });
  }
}

/** The adapter's reports that the benchmark uses: agent messages, by text, with when they arrived. */
function benchCallback(onMessage: (message: MessageResponse | string) => void): ServiceDeskCallback {
  const ignore = () => undefined;
  return {
    agentJoined: ignore,
    agentLeftChat: ignore,
    agentEndedChat: ignore,
    agentTyping: ignore,
    sendMessageToUser: onMessage,
    agentReadMessages: ignore,
    beginTransferToAnotherAgent: ignore,
    updateAgentAvailability: ignore,
    setErrorStatus: ignore,
    setFileUploadStatus: ignore,
    updateCapabilities: ignore,
    updatePersistedState: ignore,
  };
}

const textOf = (message: MessageResponse | string) => (typeof message === 'string' ? message : message.output.generic.map((item) => item.text).join(''));

interface AdaptiveChat {
  desk: ServiceDesk;
  gwsChatId: string;
  /** When each agent message reached the user, by text. */
  received: Map<string, number>;
  /** When GWS held each agent message of the active phase, by text. */
  written: Map<string, number>;
}

async function main(): Promise<void> {
  const simulator = new SimulatorProcess(fork(join(__dirname, 'simulator-process.ts'), [], { execArgv: process.execArgv }));
  const { baseUrl, contactCenterId } = await simulator.ready;
  const options = z.parse(genesysEngageAdapter.optionsSchema, { baseUrl, contactCenterId, ...(maxPollIntervalMs === undefined ? {} : { maxPollIntervalMs }) });
  const agentFor = (i: number) => ({ id: `agent-${i % 20}`, name: `Agent ${i % 20}` });

  // ---- The adaptive chats: the adapter with its default options ----
  const adaptive: AdaptiveChat[] = [];
  for (let i = 0; i < CHATS; i += 1) {
    const received = new Map<string, number>();
    const callback = benchCallback((message) => received.set(textOf(message), Date.now()));
    const desk = genesysEngageAdapter.create({
      options,
      callback,
      chatId: `bench-${i}`,
      capabilities: genesysEngageAdapter.capabilities,
      logger: silentLogger,
      webhookHub: createMemoryWebhookHub(),
    });
    const topic = `adaptive ${i}`;
    await desk.startChat(connectMessage(topic), {});
    const gwsChatId = await simulator.run<string>({ op: 'waitForChat', topic });
    await simulator.run({ op: 'accept', chatId: gwsChatId, agent: agentFor(i) });
    adaptive.push({ desk, gwsChatId, received, written: new Map() });
  }

  // ---- The fixed 1-second pollers: the same API, one request in flight, one a second ----
  const client = new GwsClient(options);
  const fixedIds: string[] = [];
  for (let i = 0; i < CHATS; i += 1) {
    const gwsChatId = await client.requestChat({ operationName: 'RequestChat', nickname: 'Fixed', subject: `fixed ${i}` });
    await simulator.run({ op: 'accept', chatId: gwsChatId, agent: agentFor(i) });
    fixedIds.push(gwsChatId);
  }
  let fixedRunning = true;
  const fixedLoops = fixedIds.map(async (gwsChatId, i) => {
    let nextIndex = 0;
    await sleep((i / CHATS) * FIXED_INTERVAL_MS); // spread over the second, as independent pages would be
    while (fixedRunning) {
      const startedAt = Date.now();
      try {
        for (const message of await client.messages(gwsChatId, nextIndex)) nextIndex = Math.max(nextIndex, message.index + 1);
      } catch {
        // A failed poll is tried again at the next tick.
      }
      await sleep(Math.max(0, FIXED_INTERVAL_MS - (Date.now() - startedAt)));
    }
  });

  const rate = async (chatIds: string[], from: number, to: number) =>
    (await simulator.run<number>({ op: 'count', from, to, chatIds })) / chatIds.length / ((to - from) / 60_000);
  const adaptiveIds = adaptive.map((chat) => chat.gwsChatId);

  // ---- Idle: connected chats, nobody writes ----
  await simulator.run({ op: 'clearRecorder' });
  print(`idle phase: ${CHATS} adaptive + ${CHATS} fixed-poller chats for ${PHASE_MS / 1000} s`);
  const idleFrom = Date.now();
  await sleep(PHASE_MS);
  const idleTo = Date.now();
  fixedRunning = false;
  await Promise.all(fixedLoops);
  const idle = { adaptive: await rate(adaptiveIds, idleFrom, idleTo), fixed: await rate(fixedIds, idleFrom, idleTo) };
  await simulator.run({ op: 'clearRecorder' });

  // ---- Active: every agent types, then writes, again and again ----
  print(`active phase: the ${CHATS} adaptive chats for ${PHASE_MS / 1000} s`);
  const activeFrom = Date.now();
  const agentLoop = async (chat: AdaptiveChat, i: number) => {
    await sleep((i / CHATS) * PAUSE_MS[0]);
    for (let n = 1; Date.now() - activeFrom < PHASE_MS - PAUSE_MS[1]; n += 1) {
      await simulator.run({ op: 'type', chatId: chat.gwsChatId, isTyping: true });
      await sleep(TYPING_MS);
      const text = `message ${n}`;
      chat.written.set(text, await simulator.run<number>({ op: 'say', chatId: chat.gwsChatId, text }));
      await simulator.run({ op: 'type', chatId: chat.gwsChatId, isTyping: false });
      await sleep(PAUSE_MS[0] + Math.random() * (PAUSE_MS[1] - PAUSE_MS[0]));
    }
  };
  await Promise.all(adaptive.map(agentLoop));
  await sleep(options.maxPollIntervalMs); // the last messages arrive
  const activeTo = Date.now();
  const active = { adaptive: await rate(adaptiveIds, activeFrom, activeTo) };

  await Promise.all(adaptive.map((chat) => chat.desk.endChat().catch(() => undefined)));
  await simulator.run({ op: 'stop' });

  // Latency per message; "waking up": written before the adapter had delivered any message of the active phase,
  // while polling was still backed off from the idle minute.
  const all: number[] = [];
  const waking: number[] = [];
  const steady: number[] = [];
  let lost = 0;
  for (const chat of adaptive) {
    const noticedAt = Math.min(...chat.received.values());
    for (const [text, writtenAt] of chat.written) {
      const receivedAt = chat.received.get(text);
      if (receivedAt === undefined) {
        lost += 1;
        continue;
      }
      const ms = Math.max(0, receivedAt - writtenAt);
      all.push(ms);
      (writtenAt < noticedAt ? waking : steady).push(ms);
    }
  }

  const results = {
    machine: { cpus: cpus().length, node: process.version },
    chats: CHATS,
    phaseSeconds: PHASE_MS / 1000,
    adapterOptions: {
      minPollIntervalMs: options.minPollIntervalMs,
      maxPollIntervalMs: options.maxPollIntervalMs,
      backoffMultiplier: options.backoffMultiplier,
      activeHoldMs: options.activeHoldMs,
      pollJitter: options.pollJitter,
    },
    requestsPerChatPerMinute: {
      idle: { adaptive: round(idle.adaptive), fixed: round(idle.fixed), ratio: Math.round((idle.adaptive / idle.fixed) * 100) / 100 },
      active: { adaptive: round(active.adaptive), fixedNominal: 60 },
    },
    deliveryLatencyMs: {
      active: { messages: all.length, lost, p50: percentile(all, 50), p95: percentile(all, 95), max: percentile(all, 100) },
      wakingUp: { messages: waking.length, p50: percentile(waking, 50), p95: percentile(waking, 95), max: percentile(waking, 100) },
      onceActive: { messages: steady.length, p50: percentile(steady, 50), p95: percentile(steady, 95), max: percentile(steady, 100) },
    },
    targets: {
      idleAtMost20PercentOfFixed: idle.adaptive <= 0.2 * idle.fixed,
      activeP95Below1500Ms: percentile(all, 95) < 1500,
      activeP95Below1500MsOnceActive: percentile(steady, 95) < 1500,
    },
  };

  const latency = (figures: { p50: number; p95: number }) => `${figures.p50} / ${figures.p95}`;
  const rows = [
    ['', 'adaptive', 'fixed 1 s poller'],
    [
      'requests per chat per minute, idle',
      String(results.requestsPerChatPerMinute.idle.adaptive),
      `${results.requestsPerChatPerMinute.idle.fixed} (adaptive: ${Math.round(results.requestsPerChatPerMinute.idle.ratio * 100)}%)`,
    ],
    ['requests per chat per minute, active', String(results.requestsPerChatPerMinute.active.adaptive), '60 (by construction)'],
    [`delivery p50 / p95 ms, active, all ${all.length} messages`, latency(results.deliveryLatencyMs.active), ''],
    [`  written while waking up from idle (${waking.length})`, latency(results.deliveryLatencyMs.wakingUp), ''],
    [`  written once the chat was active (${steady.length})`, latency(results.deliveryLatencyMs.onceActive), ''],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  print(`\ngenesys-engage polling: ${CHATS} chats, ${PHASE_MS / 1000} s per phase (${cpus().length} CPUs, Node ${process.version})`);
  for (const row of rows) print(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  print(
    `\ntargets: idle <= 20% of fixed: ${verdict(results.targets.idleAtMost20PercentOfFixed)}; active p95 < 1500 ms: ${verdict(results.targets.activeP95Below1500Ms)} (all), ${verdict(results.targets.activeP95Below1500MsOnceActive)} (once active); lost: ${lost}`,
  );

  const outDir = join(__dirname, '..', '..', '..', 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const name = `genesys-engage${quick ? '-quick' : ''}${maxPollIntervalMs === undefined ? '' : `-max-${maxPollIntervalMs}`}`;
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
