import { randomUUID } from 'node:crypto';
import type { WireEvent } from '@byosd/gateway';
import { FreezableProxy } from './helpers/freezable-proxy.js';
import { deleteKeys, REDIS_URL } from './helpers/redis.js';
import { CONNECT, eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/**
 * Two instances on one Redis; the first reaches it through a proxy the test freezes, so that it is cut off from
 * Redis while it still runs and holds a chat. Leases outlast the test: only the presence tells the dead apart.
 */
jest.setTimeout(30_000);

const LEASE_TTL_MS = 60_000;
const INSTANCE_TTL_MS = 600;

let proxy: FreezableProxy;
let keyPrefix: string;
let cutOff: TestGateway;
let survivor: TestGateway;
const clients: WidgetClient[] = [];

beforeEach(async () => {
  proxy = await FreezableProxy.start(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
  keyPrefix = `byosd-test:${randomUUID()}:`;
  const config = { store: 'redis' as const, redisKeyPrefix: keyPrefix, leaseTtlMs: LEASE_TTL_MS, instanceTtlMs: INSTANCE_TTL_MS, redisCommandTimeoutMs: 300 };
  cutOff = await startTestGateway({ ...config, redisUrl: proxy.url });
  survivor = await startTestGateway({ ...config, redisUrl: REDIS_URL, adapters: { example: { deskName: cutOff.deskName } } });
});

afterEach(async () => {
  proxy.thaw();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all([cutOff.close(), survivor.close()]);
  await proxy.close();
  await deleteKeys(keyPrefix);
});

async function connect(test: TestGateway): Promise<WidgetClient> {
  const client = await WidgetClient.connect(test.gateway.url);
  clients.push(client);
  return client;
}

const agentText = (event: WireEvent) => (event.type === 'sendMessageToUser' ? event.message.output.generic[0]?.text : undefined);

describe('an instance cut off from Redis (taken for dead while it still runs)', () => {
  test('its chat is taken over at once; once back it lets the chat go and writes nothing over the new owner', async () => {
    const first = await connect(cutOff);
    await first.ok({ type: 'hello', protocol: 1 });
    const { chatId, token } = (await first.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
    const deskChatId = cutOff.desk.allChats()[0]?.id ?? '';
    cutOff.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    cutOff.desk.say(deskChatId, 'one');
    await first.event('sendMessageToUser', 'the first message');
    const lastSeq = Math.max(...first.events().map((event) => event.seq));
    // The page goes away to reload; its chat waits for it on the first instance.
    await first.close();

    proxy.freeze();
    // Said while the owner is cut off: the owner gets it from the backend but can log none of it.
    cutOff.desk.say(deskChatId, 'while cut off');
    await eventually(
      async () => !(await survivor.gateway.stores.instances.isAlive(cutOff.gateway.instanceId)),
      'the cut-off instance to be taken for dead',
      15_000,
    );

    const resumed = await connect(survivor);
    expect(await resumed.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq } })).toMatchObject({ resumed: true, state: 'connected' });
    expect(await survivor.gateway.stores.leases.holder(chatId)).toBe(survivor.gateway.instanceId);
    await resumed.event('sendMessageToUser', 'the message said while the owner was cut off', (event) => agentText(event) === 'while cut off');

    // Back: what the first instance sent into the frozen connection reaches Redis now, and its lease is gone.
    proxy.thaw();
    await eventually(() => cutOff.gateway.activeChats === 0, 'the first instance to let the chat go', 15_000);
    cutOff.desk.say(deskChatId, 'after');
    await resumed.event('sendMessageToUser', 'a live message', (event) => agentText(event) === 'after');
    await resumed.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'thanks' } } });
    expect(cutOff.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['thanks']);

    // The log holds the survivor's events only: each message once, in order, seqs rising.
    const log = await survivor.gateway.stores.events.readHeld(chatId);
    const seqs = log.map((event) => event.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(log.flatMap((event) => agentText(event) ?? [])).toEqual(['one', 'while cut off', 'after']);
    expect(resumed.events().flatMap((event) => agentText(event) ?? [])).toEqual(['while cut off', 'after']);
    expect((await survivor.gateway.stores.chats.get(chatId))?.endedAt).toBeUndefined();
  });
});
