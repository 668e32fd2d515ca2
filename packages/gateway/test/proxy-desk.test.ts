import {
  type ChatEvent,
  type ChatSession,
  connectMessage,
  createMemoryWebhookHub,
  messageText,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskRegistry,
  ServiceIdentifiers,
  silentLogger,
  waitForEvent,
} from '@byosd/core';
import { Container } from 'inversify';
import { gatewayAdapter } from '@byosd/gateway/client';
import { WebSocket } from 'ws';
import { CuttableProxy } from './helpers/cuttable-proxy.js';
import { eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

let test_: TestGateway;
let registry: ServiceDeskRegistry;
const desks: ChatSession[] = [];

beforeEach(async () => {
  test_ = await startTestGateway();
  // The desks' own logs stay quiet: the tests check behaviour, and some end chats that another page took over.
  const container = new Container();
  container.bind(ServiceIdentifiers.Logger).toConstantValue(silentLogger);
  registry = new ServiceDeskRegistry({ container }).register(gatewayAdapter);
});

afterEach(async () => {
  await Promise.all(
    desks.splice(0).map((desk) => (desk.state === 'ended' || desk.state === 'idle' ? Promise.resolve() : desk.endChat().catch(() => undefined))),
  );
  await test_.close();
});

async function loadProxy(): Promise<ChatSession> {
  const desk = await registry.load('gateway', { url: test_.gateway.url, adapter: 'example', WebSocket });
  desks.push(desk);
  return desk;
}

const is = (type: ChatEvent['type']) => (event: ChatEvent) => event.type === type;

/** The proxy desk alone, without the chat session around it, recording what it reports by method name. */
function rawProxy(): { desk: ServiceDesk; calls: string[]; persisted: () => Record<string, unknown> } {
  const calls: string[] = [];
  let persisted: Record<string, unknown> = {};
  const callback = new Proxy({} as ServiceDeskCallback, {
    get:
      (_target, method: string) =>
      (...args: unknown[]) => {
        calls.push(method);
        if (method === 'updatePersistedState') persisted = { ...persisted, ...(args[0] as object) };
      },
  });
  const options = gatewayAdapter.optionsSchema.parse({ url: test_.gateway.url, adapter: 'example', WebSocket });
  const desk = gatewayAdapter.create({
    options,
    callback,
    chatId: 'raw',
    capabilities: gatewayAdapter.capabilities,
    logger: silentLogger,
    webhookHub: createMemoryWebhookHub(),
  });
  return { desk, calls, persisted: () => persisted };
}

async function startConnected(desk: ChatSession): Promise<string> {
  const joined = waitForEvent(desk.events, is('agentJoined'), 'the agent');
  await desk.startChat(connectMessage('Where is my parcel?'), { preStartChatPayload: { orderId: 'A-1' } });
  expect(desk.state).toBe('queued');
  const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
  test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
  await joined;
  return deskChatId;
}

describe('proxy desk -> gateway -> example adapter', () => {
  test('carries a whole chat: queue, join, messages, typing, receipts, state, availability, transfer, end', async () => {
    const desk = await loadProxy();
    expect(desk.getName()).toBe('example via gateway');
    expect(await desk.areAnyAgentsOnline(connectMessage('anyone?'))).toBe(true);

    const queued = waitForEvent(desk.events, is('updateAgentAvailability'), 'the queue position');
    await desk.startChat(connectMessage('Where is my parcel?'), { preStartChatPayload: { orderId: 'A-1' } });
    const deskChatId = test_.desk.allChats()[0]?.id ?? '';
    expect(test_.desk.chat(deskChatId).preChat).toEqual({ orderId: 'A-1' });
    test_.desk.setQueue(deskChatId, 1, 2);
    expect(await queued).toMatchObject({ availability: { position_in_queue: 1, estimated_wait_time: 2 } });
    const joined = waitForEvent(desk.events, is('agentJoined'), 'the agent');
    test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    expect(await joined).toMatchObject({ profile: { nickname: 'Sam' } });
    expect(desk.state).toBe('connected');

    await desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'm1');
    await desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'm1');
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['Hello']);
    const reply = waitForEvent(desk.events, is('sendMessageToUser'), 'the reply');
    test_.desk.say(deskChatId, 'Hi!');
    const message = await reply;
    expect(message.type === 'sendMessageToUser' && messageText(message.message)).toBe('Hi!');

    await desk.userTyping(true);
    expect(test_.desk.chat(deskChatId).userTyping).toBe(true);
    const typing = waitForEvent(desk.events, is('agentTyping'), 'agent typing');
    test_.desk.type(deskChatId, true);
    await typing;
    await desk.userReadMessages();
    expect(test_.desk.chat(deskChatId).userReads).toBe(1);
    const read = waitForEvent(desk.events, is('agentReadMessages'), 'agent read');
    test_.desk.read(deskChatId);
    await read;
    await desk.updateState({ locale: 'nl' });
    expect(test_.desk.chat(deskChatId).locale).toBe('nl');
    test_.desk.agentsOnline = false;
    expect(await desk.areAnyAgentsOnline(connectMessage('anyone?'))).toBe(false);

    const transferred = waitForEvent(desk.events, (event) => event.type === 'agentJoined' && event.profile.nickname === 'Alex', 'the new agent');
    test_.desk.transfer(deskChatId, { id: 'agent-2', name: 'Alex' });
    await transferred;
    expect(desk.events.replay(0).map((event) => event.type)).toContain('beginTransferToAnotherAgent');

    await desk.endChat();
    expect(test_.desk.chat(deskChatId).endedBy).toBe('user');
    await expect(desk.sendMessageToAgent({ input: { text: 'late' } }, 'm2')).rejects.toMatchObject({ code: 'CHAT_ENDED' });
  });

  test('loads by module specifier, as any adapter package does', async () => {
    const desk = await registry.load('@byosd/gateway/client', { url: test_.gateway.url, adapter: 'example', WebSocket });
    desks.push(desk);
    expect(desk.plugin).toBe(gatewayAdapter);
    await startConnected(desk);
  });

  test('the agent ending the chat ends it for the user, with nothing after', async () => {
    const desk = await loadProxy();
    const deskChatId = await startConnected(desk);
    const ended = waitForEvent(desk.events, is('agentEndedChat'), 'the end');
    test_.desk.end(deskChatId);
    await ended;
    expect(desk.state).toBe('ended');
  });

  test("frames over the connection's rate wait as the gateway asks and then go through", async () => {
    const limited = await startTestGateway({ frameBurst: 5, framesPerSecond: 50 });
    try {
      const desk = await registry.load('gateway', { url: limited.gateway.url, adapter: 'example', WebSocket });
      desks.push(desk);
      await desk.startChat(connectMessage('Many messages'), {});
      const deskChatId = limited.desk.allChats()[0]?.id ?? '';
      limited.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
      await waitForEvent(desk.events, is('agentJoined'), 'the agent', { afterSeq: 0 });
      const texts = Array.from({ length: 12 }, (_, index) => `message ${index}`);
      await Promise.all(texts.map((text, index) => desk.sendMessageToAgent({ input: { text } }, `m${index}`)));
      expect(limited.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(texts);
      await desk.endChat();
    } finally {
      await limited.close();
    }
  });

  test('a gateway error reaches the caller as the same typed error', async () => {
    const desk = await loadProxy();
    await startConnected(desk);
    await expect(desk.sendMessageToAgent({ input: { text: 'x'.repeat(5000) } }, 'm1')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test('a reloaded page resumes from its persisted state and gets each missed message once', async () => {
    const desk = await loadProxy();
    const deskChatId = await startConnected(desk);
    const greeted = waitForEvent(desk.events, is('sendMessageToUser'), 'the greeting');
    test_.desk.say(deskChatId, 'one');
    await greeted;
    const persisted = desk.persisted;
    expect(Object.keys(persisted.desk).sort()).toEqual(['gatewayChatId', 'lastSeq', 'token']);

    // The old page is gone; its socket is replaced by the new page's.
    test_.desk.say(deskChatId, 'two');
    const reloaded = await loadProxy();
    const received: string[] = [];
    reloaded.events.subscribe((event) => {
      if (event.type === 'sendMessageToUser') received.push(messageText(event.message));
    });
    expect(await reloaded.reconnect(persisted)).toBe(true);
    await eventually(() => received.includes('two'), 'the missed message');
    const three = waitForEvent(reloaded.events, is('sendMessageToUser'), 'the live message');
    test_.desk.say(deskChatId, 'three');
    await three;
    expect(received.filter((text) => text !== 'one')).toEqual(['two', 'three']);
    await reloaded.sendMessageToAgent({ input: { text: 'back' } }, 'm9');
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['back']);
  });

  test('alone, without a chat session, every call after the end fails with CHAT_ENDED', async () => {
    const { desk } = rawProxy();
    await desk.startChat(connectMessage('Ending soon'), {});
    await desk.endChat();
    await desk.endChat();
    for (const [method, call] of [
      ['sendMessageToAgent', () => desk.sendMessageToAgent({ input: { text: 'late' } }, 'late')],
      ['userTyping', () => desk.userTyping?.(true)],
      ['userReadMessages', () => desk.userReadMessages?.()],
      ['updateState', () => desk.updateState?.({ locale: 'nl' })],
    ] as const) {
      await expect(Promise.resolve().then(call)).rejects.toMatchObject({ code: 'CHAT_ENDED', message: expect.stringContaining(method) });
    }
  });

  test('resuming a chat that ended meanwhile answers false, and replays none of its final events', async () => {
    const original = rawProxy();
    await original.desk.startChat(connectMessage('Ending soon'), {});
    const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
    test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    await eventually(() => original.calls.includes('agentJoined'), 'the agent');
    const persisted = { specVersion: 'byosd.v1' as const, adapter: 'gateway', chatId: 'raw', state: 'connected' as const, desk: original.persisted() };
    await original.desk.endChat();
    const reloaded = rawProxy();
    expect(await reloaded.desk.reconnect?.(persisted as never)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reloaded.calls).toEqual([]);
  });

  test('resuming with a stale or foreign token answers false', async () => {
    const desk = await loadProxy();
    await startConnected(desk);
    const persisted = desk.persisted;
    const stranger = await loadProxy();
    expect(await stranger.reconnect({ ...persisted, desk: { ...persisted.desk, token: 'guessed' } })).toBe(false);
    expect(stranger.state).toBe('ended');
  });

  test('a cut connection is reported, resumed, and loses no message', async () => {
    const relay = await CuttableProxy.start(Number(new URL(test_.gateway.url).port));
    try {
      const desk = await registry.load('gateway', { url: `ws://127.0.0.1:${relay.port}/v1/chat`, adapter: 'example', WebSocket, reconnectDelayMs: 10 });
      desks.push(desk);
      const deskChatId = await startConnected(desk);
      const isDisconnect = (lost: boolean) => (event: ChatEvent) =>
        event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && event.info.isDisconnected === lost;
      const lost = waitForEvent(desk.events, isDisconnect(true), 'the disconnect');
      const back = waitForEvent(desk.events, isDisconnect(false), 'the reconnect');
      relay.cut();
      await lost;
      test_.desk.say(deskChatId, 'said during the cut');
      await back;
      await eventually(() => desk.events.replay(0).some((event) => event.type === 'sendMessageToUser'), 'the message said during the cut');
      await desk.sendMessageToAgent({ input: { text: 'after the cut' } }, 'm1');
      expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['after the cut']);
      expect(desk.events.replay(0).filter((event) => event.type === 'sendMessageToUser')).toHaveLength(1);

      // A send cut off after the backend had it, before its ack, is sent again after the resume, and reaches the agent once.
      const stopCutting = test_.desk.onUserMessage(() => relay.cut());
      await desk.sendMessageToAgent({ input: { text: 'cut mid-send' } }, 'm2');
      stopCutting();
      expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['after the cut', 'cut mid-send']);
      await desk.endChat();
      expect(test_.desk.chat(deskChatId).endedBy).toBe('user');
    } finally {
      await relay.close();
    }
  });
});
