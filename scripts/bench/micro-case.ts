/**
 * In-process micro cases: the chat event bus and the chat session's send path, each against the least code that
 * does the same job, in alternating rounds.
 */
import { performance } from 'node:perf_hooks';
import { ChatEventBus, connectMessage, defineAdapter, SPEC_VERSION, ServiceDeskRegistry, ServiceIdentifiers, silentLogger } from '@byosd/core';
import { Container } from 'inversify';
import { z } from 'zod';
import type { BenchResult } from './bench-result.js';
import { alternate, median } from './stats.js';

async function opsPerSecond(operations: number, run: (index: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < operations; i += 1) await run(i);
  return (operations / (performance.now() - start)) * 1000;
}

async function compare(
  name: string,
  baselineName: string,
  operations: number,
  rounds: number,
  subject: (i: number) => unknown,
  baseline: (i: number) => unknown,
): Promise<BenchResult> {
  await opsPerSecond(Math.min(1000, operations), baseline); // warm-up
  await opsPerSecond(Math.min(1000, operations), subject);
  const samples = await alternate(
    rounds,
    () => opsPerSecond(operations, baseline),
    () => opsPerSecond(operations, subject),
  );
  const value = median(samples.subject);
  const base = median(samples.baseline);
  return { name, metric: 'throughput', value, unit: 'ops/s', baseline: base, baselineName, ratio: value / base };
}

class NullDesk {
  getName() {
    return 'null';
  }
  async startChat() {}
  async endChat() {}
  async sendMessageToAgent() {}
}

const NONE = false;

const nullAdapter = defineAdapter({
  name: 'null',
  version: '0.0.0',
  specVersion: SPEC_VERSION,
  runtime: 'both',
  optionsSchema: z.object({}),
  capabilities: {
    agentAvailability: NONE,
    queueUpdates: NONE,
    userTyping: NONE,
    agentTyping: NONE,
    userReadReceipts: NONE,
    agentReadReceipts: NONE,
    transfer: NONE,
    agentLeave: NONE,
    fileUploads: NONE,
    stateUpdates: NONE,
    resume: NONE,
    disconnectReporting: NONE,
    maxMessageLength: 4096,
  },
  serviceDesk: NullDesk,
});

export async function measureMicro(rounds: number): Promise<BenchResult[]> {
  // The bus: publish to 3 subscribers, against pushing onto an array and calling 3 functions.
  const bus = new ChatEventBus({ chatId: 'bench', bufferSize: 1000 });
  let received = 0;
  for (let i = 0; i < 3; i += 1) bus.subscribe(() => void (received += 1));
  const plain: unknown[] = [];
  const listeners = [() => void (received += 1), () => void (received += 1), () => void (received += 1)];
  const busResult = await compare(
    'bus.publish, 3 subscribers',
    'array push + 3 calls',
    200_000,
    rounds,
    (i) => bus.publish({ type: 'agentTyping', isTyping: i % 2 === 0 }),
    (i) => {
      plain.push({ type: 'agentTyping', isTyping: i % 2 === 0 });
      if (plain.length > 1000) plain.shift();
      for (const listener of listeners) listener();
    },
  );

  // The chat session's send path (validation, idempotency, events), against calling the adapter directly.
  const container = new Container();
  container.bind(ServiceIdentifiers.Logger).toConstantValue(silentLogger);
  const session = await new ServiceDeskRegistry({ container }).register(nullAdapter).load('null', {});
  await session.startChat(connectMessage('bench'), {});
  const direct = new NullDesk();
  let sent = 0;
  const sessionResult = await compare(
    'session.sendMessageToAgent',
    'adapter.sendMessageToAgent',
    50_000,
    rounds,
    () => session.sendMessageToAgent({ input: { text: `message ${(sent += 1)}` } }, `m-${sent}`),
    () => direct.sendMessageToAgent(),
  );
  return [busResult, sessionResult];
}
