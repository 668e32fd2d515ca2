import { exampleAdapter } from '../src/index.js';
import { type ChatEventOf, type ChatEventType, type ChatSession, connectMessage, messageText, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { ExampleSimulator } from '../testbed/index.js';

const registry = new ServiceDeskRegistry().register(exampleAdapter);

describe('the simulator control API', () => {
  let simulator: ExampleSimulator;
  let control: string;
  let desk: ChatSession | undefined;

  beforeEach(async () => {
    simulator = new ExampleSimulator({ seed: 1 });
    const urls = await simulator.start();
    control = `${urls.http}/control`;
  });

  afterEach(async () => {
    await desk?.endChat().catch(() => undefined);
    await simulator.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${control}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const startChat = async (topic: string) => {
    desk = await registry.load('example', { url: simulator.deskUrl, reconnectDelayMs: 10 });
    await desk.startChat(connectMessage(topic), {});
    const { body } = await call('GET', '/chats?status=waiting');
    const chats = body['chats'] as Array<{ chatId: string; topic: string }>;
    const chat = chats.find((candidate) => candidate.topic === topic);
    if (!chat) throw new Error(`"${topic}" is not waiting: ${JSON.stringify(chats)}`);
    return { desk, chatId: chat.chatId };
  };

  const next = <T extends ChatEventType>(session: ChatSession, type: T) =>
    waitForEvent<ChatEventOf<T>>(session.events, (event): event is ChatEventOf<T> => event.type === type, type, { timeoutMs: 2000 });

  it('lets an agent console list, accept, answer and end a chat', async () => {
    const { desk, chatId } = await startChat('Where is my parcel?');
    const joined = next(desk, 'agentJoined');
    expect((await call('POST', `/chats/${chatId}/accept`, { agent: { id: 'agent-kim', name: 'Kim' } })).status).toBe(200);
    expect(await joined).toMatchObject({ profile: { id: 'agent-kim', nickname: 'Kim' } });

    const message = next(desk, 'sendMessageToUser');
    const said = await call('POST', `/chats/${chatId}/messages`, { text: 'It left the depot this morning.' });
    expect(said.body['messageId']).toEqual(expect.any(String));
    expect(messageText((await message).message)).toBe('It left the depot this morning.');

    await desk.sendMessageToAgent({ input: { text: 'Great, thanks' } }, 'm-1');
    expect((await call('GET', `/chats/${chatId}`)).body).toMatchObject({
      status: 'active',
      messages: [{ messageId: 'm-1', text: 'Great, thanks', attachments: [] }],
    });

    const ended = next(desk, 'agentEndedChat');
    await call('POST', `/chats/${chatId}/end`);
    await ended;
    expect((await call('GET', '/chats?status=open')).body['chats']).toEqual([]);
  });

  it('answers bad input with 400 naming the field, an unknown chat with 404, an ended chat with 409', async () => {
    const { chatId } = await startChat('Refund');
    expect(await call('POST', `/chats/${chatId}/accept`, { agent: { id: 'agent-kim' } })).toMatchObject({
      status: 400,
      body: { error: 'INVALID_INPUT', issues: [{ path: 'body.agent.name' }] },
    });
    expect(await call('PUT', '/agents', { online: 'yes' })).toMatchObject({ status: 400, body: { issues: [{ path: 'body.online' }] } });
    expect(await call('GET', '/chats?status=everything')).toMatchObject({ status: 400, body: { issues: [{ path: 'query.status' }] } });
    expect(await call('POST', '/faults', { operation: 'teleport', fault: { type: 'no-reply' } })).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'body.operation' }] },
    });
    expect(await call('POST', '/chats/no-such-chat/messages', { text: 'hello?' })).toMatchObject({ status: 404, body: { error: 'UNKNOWN_CHAT' } });
    await call('POST', `/chats/${chatId}/end`);
    expect(await call('POST', `/chats/${chatId}/messages`, { text: 'hello?' })).toMatchObject({ status: 409, body: { error: 'CHAT_ENDED' } });
  });

  it('injects faults and shows the recorded wire traffic', async () => {
    const { desk, chatId } = await startChat('Faulty line');
    expect((await call('POST', '/faults', { operation: 'send', fault: { type: 'unavailable', status: 502 }, times: 2 })).status).toBe(200);
    await desk.sendMessageToAgent({ input: { text: 'Third try' } }, 'm-1');
    expect((await call('GET', `/chats/${chatId}`)).body['messages']).toEqual([{ messageId: 'm-1', text: 'Third try', attachments: [] }]);
    const { body } = await call('GET', '/requests');
    const sends = (body['requests'] as Array<{ direction: string; body: { op?: string } }>).filter(
      (entry) => entry.direction === 'in' && entry.body.op === 'send',
    );
    expect(sends).toHaveLength(3);
  });

  it('resets: forgets every chat and fault', async () => {
    await startChat('Before the reset');
    await call('POST', '/faults', { operation: 'start', fault: { type: 'unavailable' } });
    await call('POST', '/reset');
    expect((await call('GET', '/chats')).body['chats']).toEqual([]);
    await startChat('After the reset');
  });
});
