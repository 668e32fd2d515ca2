/**
 * The soak run: one gateway instance (memory stores, default limits, run with --expose-gc) hosting one backend's
 * adapter against its simulator, for `minutes` of mixed load: well-behaved chats sending at a steady pace, among
 * clients that never read, flood garbage, never say hello, trickle HTTP bodies and reconnect in storms. The
 * gateway's heap after a full GC is read over IPC after a warm-up and at the end, both under load.
 */
import { findBackend } from '@byosd/testbed';
import { WIDGET_SOCKET_PATH } from '@byosd/gateway';
import { startChild } from '../bench/child-process.js';
import { percentile } from '../bench/stats.js';
import { intakeAnswers } from '../intake-answers.js';
import type { InstanceStart } from '../chaos/gateway-instance-process.js';
import { type AckSample, startWellBehavedLoad } from './well-behaved-chats.js';

export interface SoakSettings {
  minutes: number;
  backend: string;
  /** Well-behaved clients, each one chat at a time. */
  clients: number;
  /** Largest accepted heap growth, start to end (0.1: 10%). */
  maxHeapGrowth: number;
  /** The last window's p99 may exceed the first's by this factor plus `p99SlackMs`, no more. */
  maxP99Growth: number;
  p99SlackMs: number;
}

export interface SoakResult {
  settings: SoakSettings;
  heapStartBytes: number;
  heapEndBytes: number;
  heapGrowth: number;
  /** The windows the p99s are taken over (ms from the start): the first and the last minute, or a third of a shorter run. */
  windowMs: number;
  p99FirstMs: number;
  p99LastMs: number;
  p99BoundMs: number;
  acks: number;
  wellBehavedChats: number;
  wellBehavedErrors: string[];
  misbehavingRounds: Record<string, number>;
  passed: boolean;
}

const MESSAGES_PER_CHAT = 20;
/**
 * The gateway keeps an ended chat's record and event log, and a left chat alive, for its grace period: with the
 * default 5 minutes the heap climbs for 5 minutes before it levels off, which is retention, not a leak. A short
 * grace period lets it level off within the warm-up, so that start and end compare like with like.
 */
const GRACE_PERIOD_MS = 30_000;
const PACE_MS = 250;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const p99Between = (samples: readonly AckSample[], from: number, to: number) =>
  percentile(
    samples.filter((sample) => sample.at >= from && sample.at < to).map((sample) => sample.ms),
    99,
  );

export async function runSoak(settings: SoakSettings, progress: (text: string) => void): Promise<SoakResult> {
  const durationMs = settings.minutes * 60_000;
  const windowMs = Math.min(60_000, durationMs / 3);
  const backend = findBackend(settings.backend);
  if (!backend.demo) throw new TypeError(`Backend ${settings.backend} has no demo wiring to host it on a gateway`);
  const { demo } = backend;
  const simulator = backend.create({ host: '127.0.0.1', port: 0 });
  await simulator.start();
  simulator.recorder.record = () => undefined;
  const gateway = startChild('../chaos/gateway-instance-process', { nodeFlags: ['--expose-gc'] });
  const misbehaving = startChild('../soak/misbehaving-clients-process');
  try {
    const start: InstanceStart = { adapters: { [backend.name]: demo.gatewayOptions(simulator) }, config: { store: 'memory', gracePeriodMs: GRACE_PERIOD_MS } };
    const { port } = await gateway.call<{ port: number }>('start', start);
    const httpUrl = `http://127.0.0.1:${port}`;
    const url = `ws://127.0.0.1:${port}${WIDGET_SOCKET_PATH}`;
    await demo.deliverWebhooksTo?.(simulator, `${httpUrl}/webhooks/${demo.adapter.name}`);

    await misbehaving.call('start', { url, httpUrl, adapter: demo.adapter.name });
    const load = startWellBehavedLoad({
      url,
      adapter: demo.adapter.name,
      agent: simulator.agent,
      clients: settings.clients,
      messagesPerChat: MESSAGES_PER_CHAT,
      paceMs: PACE_MS,
      preChat: intakeAnswers(demo.intake ?? []),
    });
    progress(`load running for ${settings.minutes} min: ${settings.clients} well-behaved clients among misbehaving ones`);
    // Heap "at the start" once the load has run past the grace period twice (retention levelled off, code compiled).
    const warmUpMs = Math.min(2 * GRACE_PERIOD_MS + 10_000, durationMs / 4);
    await wait(warmUpMs);
    const heapStart = (await gateway.call<{ heapUsed: number }>('heap')).heapUsed;
    progress(`heap after GC at the start: ${(heapStart / 1e6).toFixed(1)} MB`);
    await wait(durationMs - warmUpMs);
    const heapEnd = (await gateway.call<{ heapUsed: number }>('heap')).heapUsed;
    progress(`heap after GC at the end: ${(heapEnd / 1e6).toFixed(1)} MB`);

    const misbehavingRounds = await misbehaving.call<Record<string, number>>('finish');
    await load.stop();
    const p99FirstMs = p99Between(load.samples, 0, windowMs);
    const p99LastMs = p99Between(load.samples, durationMs - windowMs, durationMs);
    const p99BoundMs = p99FirstMs * (1 + settings.maxP99Growth) + settings.p99SlackMs;
    const heapGrowth = (heapEnd - heapStart) / heapStart;
    return {
      settings,
      heapStartBytes: heapStart,
      heapEndBytes: heapEnd,
      heapGrowth,
      windowMs,
      p99FirstMs,
      p99LastMs,
      p99BoundMs,
      acks: load.samples.length,
      wellBehavedChats: load.chats(),
      wellBehavedErrors: load.errors,
      misbehavingRounds,
      passed: heapGrowth <= settings.maxHeapGrowth && p99LastMs <= p99BoundMs && load.errors.length === 0,
    };
  } finally {
    await misbehaving.stop();
    await gateway.stop();
    await simulator.stop();
  }
}
