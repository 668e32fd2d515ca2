import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { exampleAdapter } from '@byosd/adapter-example';
import { type ChatEvent, ChatSession, connectMessage, createMemoryWebhookHub, ErrorCode, parseOrThrow, silentLogger, waitForEvent } from '@byosd/core';
import { gatewayAdapter, type Gateway, gatewayResumeStateSchema, startGateway } from '@byosd/gateway';
import { ExampleSimulator } from '@byosd/adapter-example/testbed';
import { WebSocket } from 'ws';

/** Lease lifetime for both instances: far longer than the test may take, so that waiting it out would fail it. */
const LEASE_TTL_MS = 60_000;
/** Presence lifetime: a crashed instance is known dead, and its chats taken over, this long after the crash. */
const INSTANCE_TTL_MS = 1000;
/** How long the reloaded page may take to resume its chat on the survivor: well under the lease's lifetime. */
const RESUME_BOUND_MS = 15_000;
const BIN = join(__dirname, '..', 'src', 'bin.ts');

jest.setTimeout(30_000);

/** `byosd gateway` in a process of its own, so that the test can kill it the hard way. */
async function spawnGateway(environment: Record<string, string>): Promise<{ process: ChildProcess; url: string }> {
  // tsx as a loader, not its CLI: the CLI runs the script in a child process of its own, which would survive a kill.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=byosd-source', BIN, 'gateway'], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`byosd gateway did not start in time; it printed: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /widgets connect to (ws:\/\/\S+);/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`byosd gateway exited with ${code} before listening: ${output}`)));
  });
  return { process: child, url };
}

/** `work`, or a failure naming `what` once `ms` have passed. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Waited ${ms} ms for ${what}`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const agentTexts = (events: readonly ChatEvent[]) =>
  events.flatMap((event) => (event.type === 'sendMessageToUser' ? [event.message.output.generic[0]?.text] : []));

describe('a gateway instance that crashes', () => {
  let simulator: ExampleSimulator;
  let crashing: { process: ChildProcess; url: string };
  let survivor: Gateway;
  const desks: ChatSession[] = [];

  beforeEach(async () => {
    simulator = new ExampleSimulator();
    await simulator.start();
    const redisKeyPrefix = `byosd-test:${randomUUID()}:`;
    const adapters = { example: { url: simulator.deskUrl } };
    crashing = await spawnGateway({
      BYOSD_PORT: '0',
      BYOSD_STORE: 'redis',
      BYOSD_REDIS_KEY_PREFIX: redisKeyPrefix,
      BYOSD_LEASE_TTL_MS: String(LEASE_TTL_MS),
      BYOSD_INSTANCE_TTL_MS: String(INSTANCE_TTL_MS),
      BYOSD_ADAPTERS: JSON.stringify(adapters),
      BYOSD_LOG_LEVEL: 'silent',
    });
    survivor = await startGateway(
      { port: 0, store: 'redis', redisKeyPrefix, leaseTtlMs: LEASE_TTL_MS, instanceTtlMs: INSTANCE_TTL_MS, adapters, logLevel: 'silent' },
      { plugins: [exampleAdapter] },
    );
  });

  afterEach(async () => {
    await Promise.all(desks.splice(0).map((desk) => desk.endChat().catch(() => undefined)));
    crashing.process.kill('SIGKILL');
    await survivor.close();
    await simulator.stop();
  });

  /** A widget's proxy desk, as `openDesk` makes it in a page; quiet, since one of them loses its gateway on purpose. */
  function proxyDesk(url: string, chatId: string, reconnectAttempts: number): ChatSession {
    const options = parseOrThrow(
      gatewayAdapter.optionsSchema,
      { url, adapter: 'example', WebSocket, reconnectDelayMs: 100, reconnectAttempts },
      ErrorCode.INVALID_OPTIONS,
      'Invalid options',
    );
    const desk = new ChatSession({ plugin: gatewayAdapter, options, chatId, logger: silentLogger, webhookHub: createMemoryWebhookHub() });
    desks.push(desk);
    return desk;
  }

  test("loses no chat and repeats no message: after a reload the page resumes it on another instance, long before the dead instance's lease runs out", async () => {
    // This page stops trying when its gateway goes: it is about to be reloaded.
    const before = proxyDesk(crashing.url, randomUUID(), 0);
    await before.startChat(connectMessage('My instance is about to crash'), {});
    const backendChat = await simulator.agent.waitForChat('My instance is about to crash');
    await simulator.agent.accept(backendChat.chatId, { id: 'agent-ada', name: 'Ada' });
    await waitForEvent(before.events, (event) => event.type === 'agentJoined', 'the agent to join', { afterSeq: 0 });
    const gatewayChatId = gatewayResumeStateSchema.parse(before.persisted.desk).gatewayChatId;
    const savedBeforeTheMessage = (await survivor.stores.chats.get(gatewayChatId))?.persisted;
    await simulator.agent.say(backendChat.chatId, 'one');
    await waitForEvent(before.events, (event) => event.type === 'sendMessageToUser', 'the first message', { afterSeq: 0 });
    const persisted = before.persisted;

    const exited = new Promise((resolve) => crashing.process.once('exit', resolve));
    crashing.process.kill('SIGKILL'); // No handover: its lease stays, its presence lapses.
    await exited;
    // The worst moment to die: the client had the message, but the adapter's state saved with it had not reached
    // Redis. The instance that takes over resumes the backend from before the message, and the backend sends it again.
    expect(savedBeforeTheMessage).toBeDefined();
    if (savedBeforeTheMessage) await survivor.stores.chats.update(gatewayChatId, { persisted: savedBeforeTheMessage }, 60_000);
    desks.splice(desks.indexOf(before), 1); // Its gateway is gone: nothing left to end it through.
    await simulator.agent.say(backendChat.chatId, 'said while no instance had the chat');

    // The page reloads; the load balancer sends it to the instance still alive, which takes the chat over once it
    // knows the crashed one dead (refusals meanwhile are retryable: the page asks again, 1 s apart).
    const after = proxyDesk(survivor.url, before.chatId, 20);
    expect(await within(RESUME_BOUND_MS, after.reconnect(persisted), 'the resume on the surviving instance')).toBe(true);
    await waitForEvent(after.events, (event) => agentTexts([event]).includes('said while no instance had the chat'), 'the message said during the crash', {
      afterSeq: 0,
    });
    await simulator.agent.say(backendChat.chatId, 'after the takeover');
    await waitForEvent(after.events, (event) => agentTexts([event]).includes('after the takeover'), 'a live message', { afterSeq: 0 });
    expect(agentTexts(after.events.replay(0))).toEqual(['said while no instance had the chat', 'after the takeover']);

    await after.sendMessageToAgent({ input: { text: 'still here' } }, 'm-1');
    expect((await simulator.agent.chat(backendChat.chatId)).messages.map((message) => message.text)).toEqual(['still here']);
    await after.endChat();
    expect((await simulator.agent.chat(backendChat.chatId)).status).toBe('ended');
  });
});
