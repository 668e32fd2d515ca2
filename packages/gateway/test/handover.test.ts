import { randomUUID } from 'node:crypto';
import { ExampleSimulator } from '@byosd/adapter-example/testbed';
import type { WireEvent } from '@byosd/gateway';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-processes.js';
import { deleteKeys, REDIS_URL } from './helpers/redis.js';
import { CONNECT } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

jest.setTimeout(120_000);

/**
 * No sticky sessions: three gateway processes on one Redis in front of one backend (the example simulator). A
 * chat resumed on an instance other than its owner is handed over there while the owner lives.
 */
let simulator: ExampleSimulator;
let gateways: GatewayProcess[] = [];
const redisKeyPrefix = `byosd-test:${randomUUID()}:`;
const clients: WidgetClient[] = [];

beforeAll(async () => {
  simulator = new ExampleSimulator();
  await simulator.start();
  const config = {
    port: 0,
    store: 'redis' as const,
    redisUrl: REDIS_URL,
    redisKeyPrefix,
    adapters: { example: { url: simulator.deskUrl } },
    logLevel: 'warn' as const,
  };
  gateways = await Promise.all([spawnGateway(config), spawnGateway(config), spawnGateway(config)]);
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await simulator.stop();
  await deleteKeys(redisKeyPrefix);
});

async function connect(gateway: GatewayProcess): Promise<WidgetClient> {
  const client = await WidgetClient.connect(gateway.url);
  clients.push(client);
  return client;
}

const agentText = (event: WireEvent) => (event.type === 'sendMessageToUser' ? event.message.output.generic[0]?.text : undefined);

describe('a chat resumed on each of three gateway processes in turn', () => {
  test('moves there while its owner lives, and every message, both ways, is counted once', async () => {
    let client = await connect(gateways[0] as GatewayProcess);
    await client.ok({ type: 'hello', protocol: 1 });
    const { chatId, token } = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
    const backendChat = await simulator.agent.waitForChat('Billing question');
    await simulator.agent.accept(backendChat.chatId, { id: 'agent-ada', name: 'Ada' });
    await client.event('agentJoined');

    const userSent: string[] = [];
    const userMessageIds: string[] = [];
    const agentSaid: string[] = [];
    /** Every event the user's clients got, by seq: a copy of one seq (a replay overlapping a live event) must be the same event. */
    const seen = new Map<number, string>();
    const collect = (from: WidgetClient) => {
      const seqs = from.events().map((event) => event.seq);
      // Each connection gets events in order, each once.
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      for (const event of from.events()) {
        const copy = seen.get(event.seq);
        if (copy !== undefined) expect(JSON.parse(copy)).toEqual(event);
        seen.set(event.seq, JSON.stringify(event));
      }
    };
    const exchange = async (round: string) => {
      for (const text of [`${round}: user 1`, `${round}: user 2`]) {
        const messageId = randomUUID();
        await client.ok({ type: 'send', messageId, message: { input: { text } } });
        userSent.push(text);
        userMessageIds.push(messageId);
      }
      for (const text of [`${round}: agent 1`, `${round}: agent 2`]) {
        await simulator.agent.say(backendChat.chatId, text);
        agentSaid.push(text);
        await client.event('sendMessageToUser', text, (event) => agentText(event) === text);
      }
    };

    await exchange('on instance 1');
    for (const [index, next] of [1, 2, 0].entries()) {
      const lastSeq = Math.max(...client.events().map((event) => event.seq));
      const previous = client;
      // The user sends as the chat moves: the ack may be cut off, so the message is sent again on the new instance.
      const inFlight = { type: 'send', messageId: randomUUID(), message: { input: { text: `move ${index + 1}: user` } } };
      previous.send(inFlight);
      client = await connect(gateways[next] as GatewayProcess);
      // The agent speaks while the chat moves: the message reaches the user once, before or after the move.
      const moving = `move ${index + 1}: agent`;
      const [resumed] = await Promise.all([
        client.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq } }),
        simulator.agent.say(backendChat.chatId, moving).then(() => agentSaid.push(moving)),
      ]);
      expect(resumed).toMatchObject({ resumed: true, state: 'connected' });
      // The connection to the old owner is replaced (4000), not told to reconnect somewhere.
      expect((await previous.closed).code).toBe(4000);
      collect(previous);
      await client.ok(inFlight);
      userSent.push(inFlight.message.input.text);
      userMessageIds.push(inFlight.messageId);
      await client.event('sendMessageToUser', moving, (event) => agentText(event) === moving);
      await exchange(`on instance ${next + 1}`);
    }
    collect(client);

    const backend = await simulator.agent.chat(backendChat.chatId);
    expect(backend.messages.map((message) => message.text)).toEqual(userSent);
    expect(backend.status).toBe('active');
    // Seqs have gaps (the adapter's resume data takes seqs, and stays on the gateway); the messages have none.
    const seqs = [...seen.keys()].sort((a, b) => a - b);
    const toUser = seqs.flatMap((seq) => {
      const text = agentText(JSON.parse(seen.get(seq) ?? '{}') as WireEvent);
      return text === undefined ? [] : [text];
    });
    expect(toUser).toEqual(agentSaid);
    // Each user message is shown to the user (userMessageSent) once, in the order sent.
    const shown = seqs.flatMap((seq) => {
      const event = JSON.parse(seen.get(seq) ?? '{}') as WireEvent;
      return event.type === 'userMessageSent' ? [event.messageId] : [];
    });
    expect(shown).toEqual(userMessageIds);

    await client.ok({ type: 'end' });
    expect((await simulator.agent.chat(backendChat.chatId)).status).toBe('ended');
  });
});
