/**
 * The chaos run: every backend the workspace wires for the gateway (found as the CLI finds them), each with its
 * simulator, hosted on two gateway instances sharing a Redis of the run's own, behind a balancer. `chats` chats per
 * backend exchange `messages` messages each way while every simulator fault strikes; a quarter of the way through
 * Redis is restarted empty, half way through (and at least a lease later) one instance is SIGKILLed. Then each side counts what it received.
 */
import type { JsonObject } from '@byosd/core';
import type { Simulator } from '@byosd/simulators';
import { type DemoBackend, demoBackends, discoverBackends } from '@byosd/testbed';
import { type ChaosChat, openChaosChat } from './chaos-chat.js';
import { DEFAULT_STORM, type FaultStorm, startFaultStorm } from './fault-storm.js';
import { startGatewayCluster } from './gateway-cluster.js';
import { intakeAnswers } from '../intake-answers.js';
import { addCounts, type DirectionCounts, ZERO_COUNTS } from './message-tally.js';
import { startOwnRedis } from './own-redis.js';
import { Progress } from './progress.js';

export interface ChaosSettings {
  chats: number;
  messages: number;
  seed: number;
  /** Backends to run (default: every one the gateway can host). */
  backends?: string[];
  /** The gateway's lease TTL: a killed instance's chats move once it has run out. */
  leaseTtlMs: number;
  /** Pause between two messages of one side (0: as fast as acknowledged), to spread a small run over the disruptions. */
  paceMs: number;
  /** How long, after the last message was sent, the receiving sides may take to get every acknowledged one. */
  drainMs: number;
  /** How long one message may keep being retried; after that it counts as not acknowledged (never as lost). */
  sendDeadlineMs: number;
  /** Leave out the Redis restart or the SIGKILL, to tell which one a finding needs. */
  skipRedisRestart?: boolean;
  skipKill?: boolean;
}

export interface BackendResult {
  backend: string;
  adapter: string;
  seed: number;
  chats: number;
  /** Chats that could not even start (counted apart: none of their messages were sent). */
  chatsNotStarted: number;
  toAgent: DirectionCounts;
  toUser: DirectionCounts;
  total: DirectionCounts;
  faults: Record<string, number>;
  /** The first few reasons messages went unacknowledged or chats did not start. */
  errors: string[];
  /** The first few acknowledged messages lost, duplicated or out of order: chat, direction, number, and when acknowledged. */
  findings: string[];
}

export interface ChaosResult {
  settings: ChaosSettings;
  /**
   * Acknowledged user messages (of all backends) when Redis was restarted and when the instance was killed, how
   * many the run sends, and the disruptions' times (Date.now()).
   */
  disruptions: {
    redisRestartedAt: number | null;
    instanceKilledAt: number | null;
    messagesInRun: number;
    redisRestartedAtMs: number | null;
    instanceKilledAtMs: number | null;
  };
  backends: BackendResult[];
  /** Backends the gateway cannot host (no demo wiring). */
  skipped: string[];
  passed: boolean;
}

const OPEN_CONCURRENCY = 10;

/** Where the run is, on stderr: a run that stalls says where. */
function phase(text: string): void {
  console.error(`[chaos ${new Date().toISOString().slice(11, 19)}] ${text}`);
}
const MAX_ERRORS = 10;

interface BackendRun {
  backend: DemoBackend;
  simulator: Simulator;
  options: JsonObject;
  chats: ChaosChat[];
  chatsNotStarted: number;
  storm?: FaultStorm;
  errors: string[];
}

async function startBackend(backend: DemoBackend, seed: number): Promise<BackendRun> {
  const simulator = backend.create({ host: '127.0.0.1', port: 0, seed });
  await simulator.start();
  // The recorder would keep every frame of the run.
  simulator.recorder.record = () => undefined;
  return { backend, simulator, options: backend.demo.gatewayOptions(simulator), chats: [], chatsNotStarted: 0, errors: [] };
}

async function openChats(run: BackendRun, settings: ChaosSettings, gatewayUrl: string, onProgress: (from: 'user' | 'agent') => void): Promise<void> {
  const { demo, name } = run.backend;
  let next = 0;
  const worker = async () => {
    while (next < settings.chats) {
      const chat = `${name}-${next}`;
      next += 1;
      try {
        run.chats.push(
          await openChaosChat({
            gatewayUrl,
            adapter: demo.adapter.name,
            agent: run.simulator.agent,
            chat,
            messages: settings.messages,
            preChat: intakeAnswers(demo.intake ?? []),
            paceMs: settings.paceMs,
            sendDeadlineMs: settings.sendDeadlineMs,
            onAcknowledged: onProgress,
          }),
        );
      } catch (error) {
        run.chatsNotStarted += 1;
        run.errors.push(`${chat} did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
}

/** Waits until every chat's receiving sides have every acknowledged message, or `drainMs` has passed. */
async function drain(chats: readonly ChaosChat[], drainMs: number): Promise<void> {
  const deadline = Date.now() + drainMs;
  for (;;) {
    await Promise.all(chats.map((chat) => chat.readAgentSide().catch(() => undefined)));
    const done = chats.every((chat) => chat.toAgent.complete() && chat.toUser.complete());
    if (done || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** When a message was acknowledged, told against the disruptions: "1.2 s after the SIGKILL". */
function relativeToDisruptions(at: number, disruptions: ChaosResult['disruptions']): string {
  const marks: [string, number | null][] = [
    ['the SIGKILL', disruptions.instanceKilledAtMs],
    ['the Redis restart', disruptions.redisRestartedAtMs],
  ];
  const [name, time] = marks.find(([, time]) => time !== null && at >= time) ?? marks.find(([, time]) => time !== null) ?? ['', null];
  if (time === null) return 'no disruption';
  const seconds = ((at - time) / 1000).toFixed(1);
  return at >= time ? `${seconds} s after ${name}` : `${seconds.slice(1)} s before ${name}`;
}

function findingsOf(run: BackendRun, disruptions: ChaosResult['disruptions']): string[] {
  return run.chats.flatMap((chat) =>
    (
      [
        ['user→agent', chat.toAgent],
        ['agent→user', chat.toUser],
      ] as const
    ).flatMap(([direction, tally]) =>
      tally
        .findings()
        .map(
          (finding) =>
            `${chat.name} (gateway chat ${chat.gatewayChatId}) ${direction} ${finding.n}: ${finding.kind} (acknowledged ${relativeToDisruptions(finding.acknowledgedAt, disruptions)})`,
        ),
    ),
  );
}

function resultOf(run: BackendRun, seed: number, disruptions: ChaosResult['disruptions']): BackendResult {
  const toAgent = run.chats.map((chat) => chat.toAgent.counts()).reduce(addCounts, ZERO_COUNTS);
  const toUser = run.chats.map((chat) => chat.toUser.counts()).reduce(addCounts, ZERO_COUNTS);
  return {
    backend: run.backend.name,
    adapter: run.backend.demo.adapter.name,
    seed,
    chats: run.chats.length + run.chatsNotStarted,
    chatsNotStarted: run.chatsNotStarted,
    toAgent,
    toUser,
    total: addCounts(toAgent, toUser),
    faults: { ...run.storm?.struck },
    errors: [...run.errors, ...run.chats.flatMap((chat) => chat.failures)].slice(0, MAX_ERRORS),
    findings: findingsOf(run, disruptions).slice(0, MAX_ERRORS),
  };
}

export function backendPassed(result: BackendResult): boolean {
  const { lost, duplicated, outOfOrder } = result.total;
  return result.chatsNotStarted === 0 && lost === 0 && duplicated === 0 && outOfOrder === 0;
}

export async function runChaos(settings: ChaosSettings): Promise<ChaosResult> {
  const all = demoBackends();
  const chosen = settings.backends ? all.filter((backend) => settings.backends?.includes(backend.name)) : all;
  const unknown = (settings.backends ?? []).filter((name) => !all.some((backend) => backend.name === name));
  if (unknown.length > 0)
    throw new TypeError(`Unknown or not gateway-hosted backend(s): ${unknown.join(', ')}. Backends: ${all.map((b) => b.name).join(', ')}`);
  const skipped = discoverBackends()
    .filter((backend) => !backend.demo)
    .map((backend) => backend.name);

  const redis = await startOwnRedis();
  const runs: BackendRun[] = [];
  try {
    for (const [index, backend] of chosen.entries()) runs.push(await startBackend(backend, settings.seed + index));
    phase(`simulators up: ${runs.map((run) => run.backend.name).join(', ')}`);
    const cluster = await startGatewayCluster({
      instances: 2,
      adapters: Object.fromEntries(runs.map((run) => [run.backend.name, run.options])),
      config: {
        redisUrl: redis.url,
        redisKeyPrefix: 'chaos:',
        leaseTtlMs: settings.leaseTtlMs,
        // Each chat is its own client here: the per-connection frame limit is not what is tested.
        framesPerSecond: 10_000,
        frameBurst: 10_000,
      },
    });
    try {
      for (const run of runs) await run.backend.demo.deliverWebhooksTo?.(run.simulator, `${cluster.httpUrl}/webhooks/${run.backend.demo.adapter.name}`);
      phase('gateway cluster up');
      const progress = new Progress();
      await Promise.all(
        runs.map((run) =>
          openChats(run, settings, cluster.url, (from) => {
            // The agent's side (the simulator's back door) runs far ahead: the disruptions and the faults follow the
            // user's side, through the gateway, whose requests are the ones the faults strike.
            if (from !== 'user') return;
            progress.add();
            run.storm?.messageAcknowledged();
          }),
        ),
      );

      const chats = runs.flatMap((run) => run.chats);
      phase(`${chats.length} chats open; exchanging messages under faults`);
      const messagesInRun = chats.length * settings.messages;
      runs.forEach((run, index) => (run.storm = startFaultStorm(run.simulator.faults, { ...DEFAULT_STORM, seed: settings.seed + index })));
      const disruptions: ChaosResult['disruptions'] = {
        redisRestartedAt: null,
        instanceKilledAt: null,
        messagesInRun,
        redisRestartedAtMs: null,
        instanceKilledAtMs: null,
      };
      let exchanged = false;
      let disruptionError: unknown;
      const disrupt = async () => {
        await progress.reached(Math.ceil(messagesInRun / 4));
        if (exchanged) return;
        if (!settings.skipRedisRestart) {
          await redis.restart();
          disruptions.redisRestartedAt = progress.value;
          disruptions.redisRestartedAtMs = Date.now();
          phase(`Redis restarted empty after ${progress.value} user messages`);
          // The owners write their chats back to the empty Redis at their next lease renewal; a chat whose owner
          // dies before that cannot be resumed (docs/gateway.md, "Redis faults"), so the kill waits a lease.
          await new Promise((resolve) => setTimeout(resolve, settings.leaseTtlMs));
        }
        await progress.reached(Math.ceil(messagesInRun / 2));
        if (exchanged || settings.skipKill) return;
        cluster.kill(0);
        disruptions.instanceKilledAt = progress.value;
        disruptions.instanceKilledAtMs = Date.now();
        phase(`gateway instance SIGKILLed after ${progress.value} user messages`);
      };
      void disrupt().catch((error: unknown) => {
        disruptionError = error;
      });
      await Promise.all(chats.map((chat) => chat.exchange()));
      exchanged = true;
      phase(`all messages sent (${progress.value} acknowledged); waiting for the receiving sides`);
      for (const run of runs) run.storm?.stop();
      await drain(chats, settings.drainMs);
      // A disruption still waiting for progress that never came (messages unacknowledged) did not happen: it stays null.
      if (disruptionError !== undefined) throw disruptionError;
      const backends = runs.map((run, index) => resultOf(run, settings.seed + index, disruptions));
      await Promise.all(chats.map((chat) => chat.end()));
      return { settings, disruptions, backends, skipped, passed: backends.every(backendPassed) };
    } finally {
      await cluster.stop();
    }
  } finally {
    for (const run of runs) await run.simulator.stop().catch(() => undefined);
    await redis.stop();
  }
}
