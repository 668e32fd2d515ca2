import { randomUUID } from 'node:crypto';
import { connectMessage, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { gatewayAdapter, type GatewayStores } from '@byosd/gateway';
import { WebSocket } from 'ws';
import { CuttableProxy } from './helpers/cuttable-proxy.js';
import { signDelivery, signedWebhookAdapter } from './fixtures/signed-webhook-adapter.js';
import { createTestRedisStores, REDIS_URL } from './helpers/redis.js';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/** Two gateway instances on one Redis, in front of one backend (the same example desk). */
let first: TestGateway;
let second: TestGateway;
let stores: GatewayStores[];
const clients: WidgetClient[] = [];
const SECRET = 'webhook-signing-secret-42';

beforeEach(async () => {
  const keyPrefix = `byosd-test:${randomUUID()}:`;
  stores = [await createTestRedisStores(keyPrefix), await createTestRedisStores(keyPrefix)];
  first = await startTestGateway({ store: 'redis' }, { stores: stores[0] });
  second = await startTestGateway({ store: 'redis', adapters: { example: { deskName: first.deskName } } }, { stores: stores[1] });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all([first.close(), second.close()]);
  await Promise.all(stores.map((store) => store.close()));
});

async function connect(gateway: TestGateway): Promise<WidgetClient> {
  const client = await WidgetClient.connect(gateway.gateway.url);
  clients.push(client);
  return client;
}

const texts = (client: WidgetClient) => client.events().flatMap((event) => (event.type === 'sendMessageToUser' ? [event.message.output.generic[0]?.text] : []));

describe('scale-out on Redis', () => {
  test('when its instance shuts down, a chat moves to another: the client resumes there and misses nothing', async () => {
    const client = await connect(first);
    await client.ok({ type: 'hello', protocol: 1 });
    const { chatId, token } = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
    const deskChatId = first.desk.allChats()[0]?.id ?? '';
    first.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    first.desk.say(deskChatId, 'one');
    await client.event('sendMessageToUser');

    await first.gateway.close();
    expect((await client.closed).code).toBe(1012);
    expect(first.desk.chat(deskChatId).status).toBe('active');
    first.desk.say(deskChatId, 'two');

    const lastSeq = Math.max(...client.events().map((event) => event.seq));
    const resumed = await connect(second);
    expect(await resumed.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq } })).toMatchObject({ resumed: true, state: 'connected' });
    await resumed.event('sendMessageToUser', 'the message said during the move');
    first.desk.say(deskChatId, 'three');
    await resumed.event('sendMessageToUser', 'a live message', (event) => event.message.output.generic[0]?.text === 'three');
    expect(texts(resumed)).toEqual(['two', 'three']);
    expect(resumed.events().every((event) => event.seq > lastSeq)).toBe(true);
    await resumed.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'thanks' } } });
    expect(first.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['thanks']);
  });

  test('a widget on the proxy desk rides through its instance shutting down, behind a load balancer', async () => {
    const balancer = await CuttableProxy.start(Number(new URL(first.gateway.url).port));
    const registry = new ServiceDeskRegistry().register(gatewayAdapter);
    const desk = await registry.load('gateway', { url: `ws://127.0.0.1:${balancer.port}/v1/chat`, adapter: 'example', WebSocket, reconnectDelayMs: 10 });
    try {
      await desk.startChat(connectMessage('Moving house'), {});
      const deskChatId = first.desk.allChats()[0]?.id ?? '';
      const joined = waitForEvent(desk.events, (event) => event.type === 'agentJoined', 'the agent', { afterSeq: 0 });
      first.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
      await joined;

      balancer.retarget(Number(new URL(second.gateway.url).port));
      const back = waitForEvent(
        desk.events,
        (event) => event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && !event.info.isDisconnected,
        'the resume',
      );
      await first.gateway.close();
      first.desk.say(deskChatId, 'said while moving');
      await back;
      await waitForEvent(desk.events, (event) => event.type === 'sendMessageToUser', 'the message said while moving', { afterSeq: 0 });
      await desk.sendMessageToAgent({ input: { text: 'still with you' } }, 'm1');
      expect(first.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['still with you']);
      expect(second.gateway.activeChats).toBe(1);
      await desk.endChat();
      expect(first.desk.chat(deskChatId).endedBy).toBe('user');
    } finally {
      await balancer.close();
    }
  });

  test('a file picked before its instance shut down is uploaded again to the instance that takes the chat over', async () => {
    const balancer = await CuttableProxy.start(Number(new URL(first.gateway.url).port));
    const registry = new ServiceDeskRegistry().register(gatewayAdapter);
    const desk = await registry.load('gateway', { url: `ws://127.0.0.1:${balancer.port}/v1/chat`, adapter: 'example', WebSocket, reconnectDelayMs: 10 });
    try {
      await desk.startChat(connectMessage('A receipt'), {});
      const deskChatId = first.desk.allChats()[0]?.id ?? '';
      const upload = { id: 'receipt', file: new File(['total: 42 EUR'], 'receipt.txt', { type: 'text/plain' }) };
      await desk.filesSelectedForUpload([upload]);
      await waitForEvent(desk.events, (event) => event.type === 'setFileUploadStatus' && !event.isError, 'the file accepted', { afterSeq: 0 });

      balancer.retarget(Number(new URL(second.gateway.url).port));
      const back = waitForEvent(
        desk.events,
        (event) => event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && !event.info.isDisconnected,
        'the resume',
      );
      await first.gateway.close();
      await back;
      await desk.sendMessageToAgent({ input: { text: 'my receipt' } }, 'm1', { filesToUpload: [upload] });
      expect(first.desk.chat(deskChatId).received).toEqual([expect.objectContaining({ text: 'my receipt', attachments: ['receipt.txt'] })]);
      expect(second.gateway.activeChats).toBe(1);
      await desk.endChat();
    } finally {
      await balancer.close();
    }
  });

  test('a chat resumed on another instance while its owner lives is handed over there, missing and repeating nothing', async () => {
    const client = await connect(first);
    await client.ok({ type: 'hello', protocol: 1 });
    const { chatId, token } = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
    const deskChatId = first.desk.allChats()[0]?.id ?? '';
    first.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    first.desk.say(deskChatId, 'one');
    await client.event('sendMessageToUser');
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'before the move' } } });

    const lastSeq = Math.max(...client.events().map((event) => event.seq));
    const other = await connect(second);
    expect(await other.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq } })).toMatchObject({ resumed: true, state: 'connected' });
    expect((await client.closed).code).toBe(4000);
    expect([first.gateway.activeChats, second.gateway.activeChats]).toEqual([0, 1]);
    expect(first.desk.chat(deskChatId).status).toBe('active');

    first.desk.say(deskChatId, 'two');
    await other.event('sendMessageToUser', 'a message after the move', (event) => event.message.output.generic[0]?.text === 'two');
    expect(texts(other)).toEqual(['two']);
    await other.ok({ type: 'send', messageId: 'm2', message: { input: { text: 'after the move' } } });
    expect(first.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['before the move', 'after the move']);
  });

  test('a widget on the proxy desk behind a load balancer without sticky sessions: a dropped connection resumes on another live instance', async () => {
    const balancer = await CuttableProxy.start(Number(new URL(first.gateway.url).port));
    const registry = new ServiceDeskRegistry().register(gatewayAdapter);
    const desk = await registry.load('gateway', { url: `ws://127.0.0.1:${balancer.port}/v1/chat`, adapter: 'example', WebSocket, reconnectDelayMs: 10 });
    try {
      await desk.startChat(connectMessage('Moving without a restart'), {});
      const deskChatId = first.desk.allChats()[0]?.id ?? '';
      const joined = waitForEvent(desk.events, (event) => event.type === 'agentJoined', 'the agent', { afterSeq: 0 });
      first.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
      await joined;

      const back = waitForEvent(
        desk.events,
        (event) => event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && !event.info.isDisconnected,
        'the resume',
      );
      balancer.retarget(Number(new URL(second.gateway.url).port));
      balancer.cut();
      await back;
      expect([first.gateway.activeChats, second.gateway.activeChats]).toEqual([0, 1]);
      first.desk.say(deskChatId, 'after the move');
      await waitForEvent(desk.events, (event) => event.type === 'sendMessageToUser', 'the message after the move', { afterSeq: 0 });
      await desk.sendMessageToAgent({ input: { text: 'still with you' } }, 'm1');
      expect(first.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['still with you']);
      await desk.endChat();
      expect(first.desk.chat(deskChatId).endedBy).toBe('user');
    } finally {
      await balancer.close();
    }
  });

  test('a message whose ack the move cut off, sent again on the new instance, is sent and logged once', async () => {
    const client = await connect(first);
    await client.ok({ type: 'hello', protocol: 1 });
    const { chatId, token } = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
    const deskChatId = first.desk.allChats()[0]?.id ?? '';
    first.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    await client.event('agentJoined');
    const message = { type: 'send', messageId: 'm1', message: { input: { text: 'in flight' } } };
    // Not waited for: the chat moves while the message is on its way, and the client never sees an ack.
    client.send(message);
    const lastSeq = Math.max(...client.events().map((event) => event.seq));
    const other = await connect(second);
    await other.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq } });
    expect((await client.closed).code).toBe(4000);
    await other.ok(message);
    expect(first.desk.chat(deskChatId).received.map((received) => received.text)).toEqual(['in flight']);
    // Sent once, so shown once: the chat's log (what any client resuming is replayed) has it once.
    const logged = await stores[1]?.events.readAfter(chatId, 0);
    expect(logged?.filter((event) => event.type === 'userMessageSent').map((event) => event.type === 'userMessageSent' && event.messageId)).toEqual(['m1']);
  });

  test('a chat whose adapter cannot resume stays with its owner: a resume elsewhere is refused, retryable, and the chat goes on', async () => {
    const channels = { store: 'redis' as const, redisUrl: REDIS_URL, redisKeyPrefix: `byosd-test:${randomUUID()}:` };
    const adapters = { 'signed-webhook': { signingSecret: SECRET } };
    const host = await startTestGateway({ ...channels, adapters }, { stores: stores[0], plugins: [signedWebhookAdapter] });
    const elsewhere = await startTestGateway({ ...channels, adapters }, { stores: stores[1], plugins: [signedWebhookAdapter] });
    try {
      const client = await connect(host);
      await client.ok({ type: 'hello', protocol: 1 });
      const { chatId, token } = (await client.ok({ type: 'start', adapter: 'signed-webhook', connectMessage: CONNECT })) as { chatId: string; token: string };
      const other = await connect(elsewhere);
      expect(await other.request({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: 0 } })).toMatchObject({
        type: 'nack',
        error: { code: 'BACKEND_UNAVAILABLE', isRetryable: true, message: expect.stringContaining('cannot move it') },
      });
      await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'still here' } } });
      expect([host.gateway.activeChats, elsewhere.gateway.activeChats]).toEqual([1, 0]);
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await Promise.all([host.close(), elsewhere.close()]);
    }
  });

  test('a webhook received by one instance reaches the chat hosted by another', async () => {
    const channels = { store: 'redis' as const, redisUrl: REDIS_URL, redisKeyPrefix: `byosd-test:${randomUUID()}:` };
    const adapters = { 'signed-webhook': { signingSecret: SECRET } };
    const host = await startTestGateway({ ...channels, adapters }, { stores: stores[0], plugins: [signedWebhookAdapter] });
    const receiver = await startTestGateway({ ...channels, adapters }, { stores: stores[1], plugins: [signedWebhookAdapter] });
    try {
      const client = await connect(host);
      await client.ok({ type: 'hello', protocol: 1 });
      const { chatId } = (await client.ok({ type: 'start', adapter: 'signed-webhook', connectMessage: CONNECT })) as { chatId: string };
      const body = JSON.stringify({ eventId: 'e1', conversationId: chatId, text: 'via the other instance' });
      const url = `${receiver.gateway.httpUrl}/webhooks/signed-webhook/events`;
      const response = await fetch(url, { method: 'POST', headers: { 'x-signature': signDelivery(SECRET, url, body) }, body });
      expect(response.status).toBe(200);
      await client.event('sendMessageToUser', 'the webhook message');
      expect(texts(client)).toEqual(['via the other instance']);
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await Promise.all([host.close(), receiver.close()]);
    }
  });

  test('short codes are redeemable on any instance, once', async () => {
    const created = (await (await fetch(`${first.gateway.httpUrl}/assistserver/shortcode/create`, { method: 'PUT' })).json()) as { shortCode: string };
    const consumer = await fetch(`${second.gateway.httpUrl}/assistserver/shortcode/consumer?appkey=${created.shortCode}`);
    expect(consumer.status).toBe(200);
    expect((await fetch(`${first.gateway.httpUrl}/assistserver/shortcode/consumer?appkey=${created.shortCode}`)).status).toBe(403);
  });

  test('short-code guesses are limited across the cluster: spread over two instances they get no more', async () => {
    const guess = (gateway: TestGateway) => fetch(`${gateway.gateway.httpUrl}/assistserver/shortcode/consumer?appkey=NOSUCH`);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) statuses.push((await guess(attempt % 2 === 0 ? first : second)).status);
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 403));
    for (const gateway of [first, second]) {
      const refused = await guess(gateway);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  test('short codes created are limited across the cluster', async () => {
    const create = (gateway: TestGateway) => fetch(`${gateway.gateway.httpUrl}/assistserver/shortcode/create`, { method: 'PUT' });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, attempt) => create(attempt % 2 === 0 ? first : second).then((response) => response.status)),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  });
});
