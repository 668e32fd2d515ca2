/**
 * The relay: chats sending one message at a time and waiting for the agent's echo, through the gateway (hosting a
 * backend's adapter, its simulator in another process) against a bare `ws` forwarder over the same hops (client,
 * forwarder, echo desk). Rounds alternate between the two; each side keeps its chats open between rounds.
 */
import { type BenchChild, startChild } from './child-process.js';
import type { RelaySample } from './load-client-process.js';
import { alternate, median } from './stats.js';
import type { BenchResult } from './bench-result.js';

export interface RelayTarget {
  /** Runs every chat's round trips for `durationMs`; adds the server side's CPU time per message. */
  run(durationMs: number): Promise<RelaySample & { serverCpuUs: number }>;
  stop(): Promise<void>;
}

/** `servers` are measured; `others` (a backend's simulator) only stopped with them. */
async function measuredTarget(servers: BenchChild[], load: BenchChild, others: BenchChild[] = []): Promise<RelayTarget> {
  const cpuOf = async () => {
    const usages = await Promise.all(servers.map((server) => server.call<NodeJS.CpuUsage>('cpu')));
    return usages.reduce((sum, usage) => sum + usage.user + usage.system, 0);
  };
  return {
    async run(durationMs) {
      const before = await cpuOf();
      const sample = await load.call<RelaySample>('run', { durationMs });
      return { ...sample, serverCpuUs: ((await cpuOf()) - before) / sample.messages };
    },
    async stop() {
      await load.stop();
      for (const server of [...servers].reverse()) await server.stop();
      // A child left running keeps the benchmark's process (and its IPC channel) alive after the table is out.
      for (const other of others) await other.stop();
    },
  };
}

/** Client -> bare forwarder -> bare echo desk, and back. */
export async function startBareRelay(chats: number): Promise<RelayTarget> {
  const echo = startChild('bare-echo-process');
  const forwarder = startChild('bare-forwarder-process');
  const load = startChild('load-client-process');
  const { url: upstreamUrl } = await echo.call<{ url: string }>('start');
  const { url } = await forwarder.call<{ url: string }>('start', { upstreamUrl });
  await load.call('open', { kind: 'bare', url, adapter: '', from: 0, count: chats });
  return measuredTarget([echo, forwarder], load);
}

export interface GatewayRelayOptions {
  backend: string;
  chats: number;
  kind: 'widget' | 'proxy';
  store: 'memory' | 'redis';
  /** Node flags of the gateway process (e.g. --cpu-prof). */
  gatewayFlags?: string[];
}

/** What a backend's simulator tells the relay in front of it and the load client. */
interface DeskStart {
  adapter: string;
  /** The adapter's options for this simulator (the example desk's has its `url`). */
  options: { url?: string };
  preStartChatPayload: object;
}

/** The relay under test, started in front of the desk: the URL widgets open, and where webhooks go. */
interface StartedRelay {
  url: string;
  webhookUrl?: string;
}

/**
 * Client -> `relay` -> the backend's simulator (its agent echoes), and back, with `chats` open. Only the relay's CPU
 * is measured: the desk is the backend's stand-in, not what is measured.
 */
async function relayInFrontOfDesk(
  backend: string,
  chats: number,
  kind: 'widget' | 'proxy',
  relay: BenchChild,
  start: (desk: DeskStart) => Promise<StartedRelay>,
): Promise<RelayTarget> {
  const desk = startChild('desk-process');
  const load = startChild('load-client-process');
  const deskStart = await desk.call<DeskStart>('start', { backend });
  const { url, webhookUrl } = await start(deskStart);
  if (webhookUrl !== undefined) await desk.call('webhooks', { url: webhookUrl });
  await desk.call('expect', { from: 0, count: chats });
  await load.call('open', { kind, url, adapter: deskStart.adapter, from: 0, count: chats, preStartChatPayload: deskStart.preStartChatPayload });
  return measuredTarget([relay], load, [desk]);
}

/** Client -> gateway -> the backend's simulator (its agent echoes), and back. */
export function startGatewayRelay(options: GatewayRelayOptions): Promise<RelayTarget> {
  const gateway = startChild('gateway-process', { nodeFlags: options.gatewayFlags ?? [], built: true });
  return relayInFrontOfDesk(options.backend, options.chats, options.kind, gateway, (desk) =>
    gateway.call<StartedRelay>('start', { backend: options.backend, options: desk.options, store: options.store }),
  );
}

/**
 * Client -> the protocol floor (the widget protocol and the desk's, with none of the gateway's work) -> the example
 * desk's simulator, and back: the most any relay speaking these protocols reaches on this machine.
 */
export function startProtocolFloorRelay(chats: number): Promise<RelayTarget> {
  const floor = startChild('protocol-floor-process');
  return relayInFrontOfDesk('example', chats, 'widget', floor, (desk) => floor.call<StartedRelay>('start', { deskUrl: desk.options.url }));
}

export interface RelayComparison {
  name: string;
  baselineName: string;
  rounds: number;
  durationMs: number;
}

/** Alternating rounds of two relay targets, reported as throughput, p50 and p99 (medians of rounds). */
export async function compareRelays(comparison: RelayComparison, baseline: RelayTarget, subject: RelayTarget): Promise<BenchResult[]> {
  const { name, baselineName, rounds, durationMs } = comparison;
  // A short warm-up each, so that neither side's first round pays for JIT and lazy set-up.
  await baseline.run(Math.min(1000, durationMs));
  await subject.run(Math.min(1000, durationMs));
  const samples = await alternate(
    rounds,
    () => baseline.run(durationMs),
    () => subject.run(durationMs),
  );
  const of = (side: 'baseline' | 'subject', key: keyof RelaySample | 'serverCpuUs') => median(samples[side].map((sample) => sample[key]));
  const row = (metric: string, key: keyof RelaySample | 'serverCpuUs', unit: string): BenchResult => {
    const value = of('subject', key);
    const base = of('baseline', key);
    return { name, metric, value, unit, baseline: base, baselineName, ratio: value / base };
  };
  return [
    row('throughput', 'throughput', 'msg/s'),
    row('round trip p50', 'p50Ms', 'ms'),
    row('round trip p99', 'p99Ms', 'ms'),
    row('server CPU per message', 'serverCpuUs', 'µs'),
  ];
}
