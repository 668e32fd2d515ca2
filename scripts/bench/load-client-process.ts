/**
 * A load client: opens benchmark chats against one server and, when told, runs every chat's round trips for a
 * while, reporting how many completed and their latencies.
 */
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '@byosd/core';
import { type BenchChat, type ChatKind, openBenchChat } from './bench-chat.js';
import { serveCommands } from './child-process.js';
import { percentile } from './stats.js';

export interface OpenArgs {
  kind: ChatKind;
  url: string;
  adapter: string;
  from: number;
  count: number;
  /** The backend's pre-chat answers, sent with each start. */
  preStartChatPayload?: JsonObject;
}

export interface RelaySample {
  messages: number;
  elapsedMs: number;
  /** Messages per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time this load client used, per message (µs). */
  clientCpuUs: number;
}

/** How many chats open at once: a burst of 1,000 starts would measure the backend's start path instead. */
const OPEN_CONCURRENCY = 50;

const chats: BenchChat[] = [];
let sent = 0;

async function open({ kind, url, adapter, from, count, preStartChatPayload }: OpenArgs): Promise<number> {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const chat = next;
      next += 1;
      chats.push(await openBenchChat(kind, url, adapter, chat, preStartChatPayload));
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, count) }, worker));
  return chats.length;
}

async function run({ durationMs }: { durationMs: number }): Promise<RelaySample> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    chats.map(async (chat) => {
      while (performance.now() < deadline) {
        sent += 1;
        const sentAt = performance.now();
        await chat.roundTrip(sent);
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    messages: latencies.length,
    elapsedMs,
    throughput: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    clientCpuUs: (cpu.user + cpu.system) / latencies.length,
  };
}

serveCommands({
  open: (args: OpenArgs) => open(args),
  run: (args: { durationMs: number }) => run(args),
  stop: () => chats.splice(0).forEach((chat) => chat.close()),
});
