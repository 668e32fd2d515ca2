/**
 * The polling benchmark of the Genesys Engage adapter (not a test). N chats connected to an agent are idle for a
 * minute, then hold a conversation for a minute (bench/conversation.ts says exactly which), in two groups measured
 * side by side in the same run against the same simulator (in a process of its own): N chats of the adapter with
 * its default options, and N chats of a fixed 1-second poller (one request in flight, one a second).
 *
 *   npm run bench -- genesys-engage [--quick] [--chats=N] [--max-poll-interval-ms=N]
 *
 * Reports polling requests (GETs: message polls and chat reads) per chat per minute, idle and active, and the
 * delivery latency of the agent's messages (from GWS holding one to the client reporting it), p50 / p95, for all
 * of the active minute's agent messages and by kind: replies to the user, follow-ups, and openings written by the
 * agent after the idle minute with nothing from the user first. Prints a table and writes
 * bench-results/genesys-engage.json. --quick: 50 + 50 chats, 15 s phases. --chats=N: N + N chats (to tell the
 * policy from a machine that cannot serve 500 + 500 active chats). --max-poll-interval-ms=N: the adapter's
 * maxPollIntervalMs instead of its default, to measure the trade-off between idle requests and the wait of an
 * agent message after idle. Any of these adds to the file name (bench-results/genesys-engage-chats-100.json).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectMessage, createMemoryWebhookHub, type MessageResponse, type ServiceDesk, type ServiceDeskCallback, silentLogger } from '@byosd/core';
import * as z from 'zod/mini';
import { genesysEngageAdapter } from '../src/index.js';
import { GwsClient } from '../src/gws-client.js';
import { type AgentMessageKind, type ConversationSides, converse } from './conversation.js';
import type { SimulatorCommand, SimulatorReply } from './simulator-process.js';

const quick = process.argv.includes('--quick');
const maxIntervalArgument = process.argv.find((argument) => argument.startsWith('--max-poll-interval-ms='))?.split('=')[1];
const maxPollIntervalMs = maxIntervalArgument === undefined ? undefined : Number(maxIntervalArgument);
const chatsArgument = process.argv.find((argument) => argument.startsWith('--chats='))?.split('=')[1];
const CHATS = chatsArgument === undefined ? (quick ? 50 : 500) : Number(chatsArgument);
const PHASE_MS = quick ? 15_000 : 60_000;
const FIXED_INTERVAL_MS = 1000;

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

/** One chat of either group, with what the benchmark measures of it. */
interface MeasuredChat {
  gwsChatId: string;
  /** When each agent message reached the client, by text. */
  received: Map<string, number>;
  /** When GWS held each agent message of the active minute, and its kind, by text. */
  written: Map<string, { at: number; kind: AgentMessageKind }>;
  userTypes(): Promise<void>;
  userSends(text: string): Promise<void>;
}

interface DeliveryFigures {
  messages: number;
  p50: number;
  p95: number;
  max: number;
}

const delivery = (latencies: number[]): DeliveryFigures => ({
  messages: latencies.length,
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
  max: percentile(latencies, 100),
});

/**
 * A latency of each of a group's agent messages of the active minute (undefined: the message never arrived), as
 * figures for all of them and by kind.
 */
function figuresOf(chats: readonly MeasuredChat[], latencyOf: (chat: MeasuredChat, text: string, writtenAt: number) => number | undefined) {
  const byKind: Record<AgentMessageKind, number[]> = { reply: [], followUp: [], openingAfterIdle: [] };
  const answeringTheUser: number[] = [];
  const all: number[] = [];
  let lost = 0;
  for (const chat of chats) {
    for (const [text, { at, kind }] of chat.written) {
      const latency = latencyOf(chat, text, at);
      if (latency === undefined) {
        lost += 1;
        continue;
      }
      const ms = Math.max(0, latency);
      all.push(ms);
      byKind[kind].push(ms);
      if (kind !== 'openingAfterIdle') answeringTheUser.push(ms);
    }
  }
  return {
    lost,
    all: delivery(all),
    allButOpeningsAfterIdle: delivery(answeringTheUser),
    replies: delivery(byKind.reply),
    followUps: delivery(byKind.followUp),
    openingsAfterIdle: delivery(byKind.openingAfterIdle),
  };
}

/** Delivery: from GWS holding the message to the client reporting it. */
const deliveryOf = (chats: readonly MeasuredChat[]) =>
  figuresOf(chats, (chat, text, writtenAt) => {
    const receivedAt = chat.received.get(text);
    return receivedAt === undefined ? undefined : receivedAt - writtenAt;
  });

/**
 * The wait for a poll: from GWS holding the message to the simulator receiving the chat's next messages poll,
 * which names an index no later than the message's and so fetches it. This is the polling policy's share of a
 * delivery; the rest is the poll's round trip, which is the (shared, loaded) machine's.
 */
const pollWaitOf = (chats: readonly MeasuredChat[], pollTimes: Record<string, number[]>) =>
  figuresOf(chats, (chat, _text, writtenAt) => {
    const next = pollTimes[chat.gwsChatId]?.find((at) => at >= writtenAt);
    return next === undefined ? undefined : next - writtenAt;
  });

/**
 * The fixed poller of one chat: the same API, one request in flight, one a second, until `running()` is false.
 * Each poll's round trip goes to `roundTrips` while `measuring()`: what the loaded machine adds to any delivery.
 */
async function pollEverySecond(
  client: GwsClient,
  chat: MeasuredChat,
  offsetMs: number,
  running: () => boolean,
  roundTrips: number[],
  measuring: () => boolean,
): Promise<void> {
  let nextIndex = 0;
  await sleep(offsetMs);
  while (running()) {
    const startedAt = Date.now();
    try {
      const answer = await client.messages(chat.gwsChatId, nextIndex);
      if (measuring()) roundTrips.push(Date.now() - startedAt);
      const page = answer.filter((message) => message.index >= nextIndex).sort((a, b) => a.index - b.index);
      for (const message of page) {
        nextIndex = message.index + 1;
        if (message.type === 'Text' && message.from.type !== 'Customer' && message.text !== undefined) chat.received.set(message.text, Date.now());
      }
    } catch {
      // A failed poll is tried again at the next tick.
    }
    await sleep(Math.max(0, FIXED_INTERVAL_MS - (Date.now() - startedAt)));
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const simulator = new SimulatorProcess(fork(join(__dirname, 'simulator-process.ts'), [], { execArgv: process.execArgv }));
  const { baseUrl, contactCenterId } = await simulator.ready;
  const options = z.parse(genesysEngageAdapter.optionsSchema, { baseUrl, contactCenterId, ...(maxPollIntervalMs === undefined ? {} : { maxPollIntervalMs }) });
  const agentFor = (i: number) => ({ id: `agent-${i % 20}`, name: `Agent ${i % 20}` });

  // ---- The adapter's chats, with its default options ----
  const adaptive: MeasuredChat[] = [];
  const desks: ServiceDesk[] = [];
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
    desks.push(desk);
    adaptive.push({
      gwsChatId,
      received,
      written: new Map(),
      userTypes: async () => desk.userTyping?.(true),
      userSends: (text) => desk.sendMessageToAgent({ input: { text } }, `${gwsChatId}:${text}`),
    });
  }

  const lastJoinAt = Date.now();

  // ---- The fixed 1-second poller's chats: the same API, spread over the second as independent pages would be ----
  const client = new GwsClient(options);
  const fixed: MeasuredChat[] = [];
  for (let i = 0; i < CHATS; i += 1) {
    const gwsChatId = await client.requestChat({ operationName: 'RequestChat', nickname: 'Fixed', subject: `fixed ${i}` });
    await simulator.run({ op: 'accept', chatId: gwsChatId, agent: agentFor(i) });
    fixed.push({
      gwsChatId,
      received: new Map(),
      written: new Map(),
      userTypes: () => client.operate(gwsChatId, { operationName: 'SendStartTypingNotification' }),
      userSends: (text) => client.operate(gwsChatId, { operationName: 'SendMessage', text }),
    });
  }
  let fixedRunning = true;
  let measuringRoundTrips = false;
  const roundTrips: number[] = [];
  const fixedLoops = fixed.map((chat, i) =>
    pollEverySecond(
      client,
      chat,
      (i / CHATS) * FIXED_INTERVAL_MS,
      () => fixedRunning,
      roundTrips,
      () => measuringRoundTrips,
    ),
  );

  const rate = async (chats: readonly MeasuredChat[], from: number, to: number) =>
    (await simulator.run<number>({ op: 'count', from, to, chatIds: chats.map((chat) => chat.gwsChatId) })) / chats.length / ((to - from) / 60_000);

  // ---- Idle: connected chats, nobody types or writes ----
  // An agent joining holds the adapter's polling at its fastest for activeHoldMs, then it backs off to the maximum
  // in less than twice maxPollIntervalMs: the idle minute starts once every chat is past that, so that it
  // measures an idle chat, not the join (a cost each chat pays once, reported apart).
  const settleMs = Math.max(0, lastJoinAt + options.activeHoldMs + 2 * options.maxPollIntervalMs - Date.now());
  print(
    `settling: ${Math.round(settleMs / 1000)} s until the last chat's agent joined ${Math.round((options.activeHoldMs + 2 * options.maxPollIntervalMs) / 1000)} s ago`,
  );
  await simulator.run({ op: 'clearRecorder' });
  const settleFrom = Date.now();
  await sleep(settleMs);
  const settleTo = Math.max(Date.now(), settleFrom + 1);
  const settled = { adaptive: await rate(adaptive, settleFrom, settleTo), fixed: await rate(fixed, settleFrom, settleTo) };
  await simulator.run({ op: 'clearRecorder' });
  print(`idle phase: ${CHATS} adaptive + ${CHATS} fixed-poller chats for ${PHASE_MS / 1000} s`);
  const idleFrom = Date.now();
  await sleep(PHASE_MS);
  const idleTo = Date.now();
  const idle = { adaptive: await rate(adaptive, idleFrom, idleTo), fixed: await rate(fixed, idleFrom, idleTo) };
  await simulator.run({ op: 'clearRecorder' });

  // ---- Active: the same conversation in every chat of both groups (bench/conversation.ts) ----
  print(`active phase: the same ${CHATS} + ${CHATS} chats converse for ${PHASE_MS / 1000} s`);
  const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
  eventLoopDelay.enable();
  const activeFrom = Date.now();
  const activeTo = activeFrom + PHASE_MS;
  measuringRoundTrips = true;
  const sidesOf = (chat: MeasuredChat): ConversationSides => ({
    userTypes: () => chat.userTypes(),
    userSends: (text) => chat.userSends(text),
    agentWrites: async (text, kind, typingMs) => {
      await simulator.run({ op: 'type', chatId: chat.gwsChatId, isTyping: true });
      await sleep(typingMs);
      chat.written.set(text, { at: await simulator.run<number>({ op: 'say', chatId: chat.gwsChatId, text }), kind });
      await simulator.run({ op: 'type', chatId: chat.gwsChatId, isTyping: false });
    },
  });
  await Promise.all(
    [adaptive, fixed].flatMap((group) => group.map((chat, i) => converse(sidesOf(chat), { opensWith: i % 2 === 0 ? 'user' : 'agent', endsAt: activeTo }))),
  );
  await sleep(Math.max(0, activeTo - Date.now()));
  measuringRoundTrips = false;
  const active = { adaptive: await rate(adaptive, activeFrom, activeTo), fixed: await rate(fixed, activeFrom, activeTo) };
  await sleep(options.maxPollIntervalMs + 2000); // the last messages arrive
  eventLoopDelay.disable();
  fixedRunning = false;
  await Promise.all(fixedLoops);
  const pollTimes = await simulator.run<Record<string, number[]>>({ op: 'pollTimes', chatIds: [...adaptive, ...fixed].map((chat) => chat.gwsChatId) });
  await Promise.all(desks.map((desk) => desk.endChat().catch(() => undefined)));
  await simulator.run({ op: 'stop' });

  const results = {
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart.map(round), loadAverageAtEnd: loadavg().map(round) },
    pollRoundTripMsWhileActive: { polls: roundTrips.length, p50: percentile(roundTrips, 50), p95: percentile(roundTrips, 95) },
    benchEventLoopDelayMs: { p50: round(eventLoopDelay.percentile(50) / 1e6), p99: round(eventLoopDelay.percentile(99) / 1e6) },
    chatsPerGroup: CHATS,
    phaseSeconds: PHASE_MS / 1000,
    adapterOptions: {
      minPollIntervalMs: options.minPollIntervalMs,
      maxPollIntervalMs: options.maxPollIntervalMs,
      backoffMultiplier: options.backoffMultiplier,
      activeHoldMs: options.activeHoldMs,
      pollJitter: options.pollJitter,
    },
    pollingRequestsPerChatPerMinute: {
      settlingAfterTheJoins: { seconds: round(settleMs / 1000), adaptive: round(settled.adaptive), fixed: round(settled.fixed) },
      idle: { adaptive: round(idle.adaptive), fixed: round(idle.fixed), ratio: Math.round((idle.adaptive / idle.fixed) * 100) / 100 },
      active: { adaptive: round(active.adaptive), fixed: round(active.fixed), ratio: Math.round((active.adaptive / active.fixed) * 100) / 100 },
    },
    deliveryLatencyMs: { adaptive: deliveryOf(adaptive), fixed: deliveryOf(fixed) },
    pollWaitMs: { adaptive: pollWaitOf(adaptive, pollTimes), fixed: pollWaitOf(fixed, pollTimes) },
  };
  const ours = results.deliveryLatencyMs.adaptive;
  const targets = {
    idleAtMost20PercentOfFixed: idle.adaptive <= 0.2 * idle.fixed,
    activeP95Below1500MsAllMessages: ours.all.p95 < 1500,
    activeP95Below1500MsAllButOpeningsAfterIdle: ours.allButOpeningsAfterIdle.p95 < 1500,
    activeP95Below1500MsReplies: ours.replies.p95 < 1500,
    activeP95Below1500MsFollowUps: ours.followUps.p95 < 1500,
    activeP95Below1500MsOpeningsAfterIdle: ours.openingsAfterIdle.p95 < 1500,
  };

  const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
  const latency = (figures: DeliveryFigures) => `${figures.p50} / ${figures.p95} (max ${figures.max})`;
  const { idle: idleRate, active: activeRate } = results.pollingRequestsPerChatPerMinute;
  type Figures = ReturnType<typeof figuresOf>;
  const latencyRows = (what: string, figures: { adaptive: Figures; fixed: Figures }) => {
    const row = (label: string, pick: (group: Figures) => DeliveryFigures) => [
      `${label} (${pick(figures.adaptive).messages} / ${pick(figures.fixed).messages})`,
      latency(pick(figures.adaptive)),
      latency(pick(figures.fixed)),
    ];
    return [
      row(`${what} p50 / p95 ms, all agent messages`, (group) => group.all),
      row('  all but the openings after idle', (group) => group.allButOpeningsAfterIdle),
      row('  replies to the user', (group) => group.replies),
      row('  follow-ups', (group) => group.followUps),
      row('  agent writes first after the idle minute', (group) => group.openingsAfterIdle),
    ];
  };
  const rows = [
    ['', maxPollIntervalMs === undefined ? 'adaptive (defaults)' : `adaptive (maxPollIntervalMs ${maxPollIntervalMs})`, 'fixed 1 s poller'],
    ['polling requests per chat per minute, idle', `${idleRate.adaptive} (${percent(idleRate.ratio)} of fixed)`, String(idleRate.fixed)],
    ['polling requests per chat per minute, active', `${activeRate.adaptive} (${percent(activeRate.ratio)} of fixed)`, String(activeRate.fixed)],
    ...latencyRows('delivery', results.deliveryLatencyMs),
    ...latencyRows('wait for a poll', results.pollWaitMs),
    ['messages lost', String(ours.lost), String(results.deliveryLatencyMs.fixed.lost)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  print(`\ngenesys-engage polling: ${CHATS} + ${CHATS} chats, ${PHASE_MS / 1000} s per phase (${cpus().length} CPUs, Node ${process.version})`);
  print(`load average at start ${results.machine.loadAverageAtStart.join(' ')}, at end ${results.machine.loadAverageAtEnd.join(' ')}`);
  print(
    `while active: bench process event-loop delay p50 ${results.benchEventLoopDelayMs.p50} ms, p99 ${results.benchEventLoopDelayMs.p99} ms; a poll's round trip (fixed poller) p50 ${results.pollRoundTripMsWhileActive.p50} ms, p95 ${results.pollRoundTripMsWhileActive.p95} ms`,
  );
  print(
    `settling after the joins (${results.pollingRequestsPerChatPerMinute.settlingAfterTheJoins.seconds} s): ${results.pollingRequestsPerChatPerMinute.settlingAfterTheJoins.adaptive} adaptive, ${results.pollingRequestsPerChatPerMinute.settlingAfterTheJoins.fixed} fixed polling requests per chat per minute`,
  );
  for (const row of rows) print(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  print(
    `\ntargets: idle <= 20% of fixed: ${verdict(targets.idleAtMost20PercentOfFixed)}; p95 < 1500 ms: all ${verdict(targets.activeP95Below1500MsAllMessages)}, all but openings after idle ${verdict(targets.activeP95Below1500MsAllButOpeningsAfterIdle)}, replies ${verdict(targets.activeP95Below1500MsReplies)}, follow-ups ${verdict(targets.activeP95Below1500MsFollowUps)}, openings after idle ${verdict(targets.activeP95Below1500MsOpeningsAfterIdle)}`,
  );

  const outDir = join(__dirname, '..', '..', '..', 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const name = `genesys-engage${quick ? '-quick' : ''}${chatsArgument === undefined ? '' : `-chats-${CHATS}`}${maxPollIntervalMs === undefined ? '' : `-max-${maxPollIntervalMs}`}`;
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
