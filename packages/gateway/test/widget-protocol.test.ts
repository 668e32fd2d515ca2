import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;
let client: WidgetClient;

beforeEach(async () => {
  test_ = await startTestGateway({ frameBurst: 20 });
  client = await WidgetClient.connect(test_.gateway.url);
});

afterEach(async () => {
  await client.close();
  await test_.close();
});

async function startChat(): Promise<{ chatId: string; token: string; deskChatId: string }> {
  await client.ok({ type: 'hello', protocol: 1 });
  const result = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT, preStartChatPayload: { orderId: 'A-1' } })) as {
    chatId: string;
    token: string;
  };
  const deskChat = test_.desk.allChats()[0];
  if (!deskChat) throw new Error('the desk has no chat');
  return { ...result, deskChatId: deskChat.id };
}

describe('widget protocol', () => {
  test('a chat runs end to end: start, queue, agent, messages both ways, typing, receipts, end', async () => {
    const { chatId, deskChatId } = await startChat();
    expect(test_.desk.chat(deskChatId).topic).toBe('Billing question');
    expect(test_.desk.chat(deskChatId).preChat).toEqual({ orderId: 'A-1' });

    test_.desk.setQueue(deskChatId, 2, 3);
    expect((await client.event('updateAgentAvailability')).availability).toEqual({ position_in_queue: 2, estimated_wait_time: 3 });
    test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    expect((await client.event('agentJoined')).profile).toEqual({ id: 'agent-1', nickname: 'Sam' });

    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'Hello' } } });
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'Hello' } } });
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['Hello']);

    test_.desk.say(deskChatId, 'Hi, how can I help?', 'desk-m1');
    const reply = await client.event('sendMessageToUser');
    expect(reply.message).toEqual({ id: 'desk-m1', output: { generic: [{ response_type: 'text', text: 'Hi, how can I help?' }] } });
    expect(reply.chatId).toBe(chatId);

    await client.ok({ type: 'typing', isTyping: true });
    expect(test_.desk.chat(deskChatId).userTyping).toBe(true);
    test_.desk.type(deskChatId, true);
    expect((await client.event('agentTyping')).isTyping).toBe(true);
    await client.ok({ type: 'read' });
    expect(test_.desk.chat(deskChatId).userReads).toBe(1);
    test_.desk.read(deskChatId);
    await client.event('agentReadMessages');

    await client.ok({ type: 'end' });
    expect(test_.desk.chat(deskChatId).endedBy).toBe('user');
    await client.event('chatStateChanged', 'the end', (event) => event.state === 'ended');
    const afterEnd = await client.request({ type: 'send', messageId: 'm2', message: { input: { text: 'too late' } } });
    expect(afterEnd).toMatchObject({ type: 'nack', error: { code: 'CHAT_ENDED' } });
  });

  test('events carry increasing seqs, and adapter resume data never reaches the client', async () => {
    const { deskChatId } = await startChat();
    test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    test_.desk.say(deskChatId, 'one');
    await client.event('sendMessageToUser');
    const seqs = client.events().map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(client.raw.some((text) => text.includes('updatePersistedState') || text.includes(deskChatId))).toBe(false);
  });

  test('every client frame is answered with ack or nack', async () => {
    expect(await client.request({ type: 'typing', isTyping: true })).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_STATE', message: 'Send hello first' },
    });
    await client.ok({ type: 'hello', protocol: 1 });
    expect(await client.request({ type: 'hello', protocol: 1 })).toMatchObject({ type: 'nack', error: { code: 'INVALID_STATE' } });
    expect(await client.request({ type: 'send', messageId: 'm1', message: { input: { text: 'x' } } })).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_STATE' },
    });
    const unknown = await client.request({ type: 'start', adapter: 'acme', connectMessage: CONNECT });
    expect(unknown).toMatchObject({ type: 'nack', error: { code: 'UNKNOWN_ADAPTER' } });
    expect(JSON.stringify(unknown)).toContain('It offers: example');
    expect(await client.ok({ type: 'availability', adapter: 'example', connectMessage: CONNECT })).toEqual({ online: true });
    test_.desk.agentsOnline = false;
    expect(await client.ok({ type: 'availability', adapter: 'example', connectMessage: CONNECT })).toEqual({ online: false });
  });

  test('a failed start leaves the user with the bot, and the next start works', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    test_.desk.failNext('start', { code: 'UNAVAILABLE', message: 'desk down' });
    const failed = await client.request({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    expect(failed).toMatchObject({ type: 'nack', error: { code: 'BACKEND_UNAVAILABLE' } });
    await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    expect(test_.desk.openChats()).toHaveLength(1);
  });
});

describe('bad frames', () => {
  test('a frame that is not JSON gets an error frame, and the chat goes on', async () => {
    const { deskChatId } = await startChat();
    client.sendRaw('{not json');
    expect(await client.waitFor((frame) => frame.type === 'error', 'an error frame')).toMatchObject({
      error: { code: 'INVALID_INPUT', message: 'The frame is not JSON' },
    });
    test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'still here' } } });
    expect(test_.desk.chat(deskChatId).received).toHaveLength(1);
  });

  test('a malformed frame gets an error frame naming the field', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    const answer = await client.request({ type: 'send', message: { input: { text: 7 } } });
    expect(answer).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
    const paths = answer.type === 'error' ? (answer.error.issues ?? []).map((issue) => issue.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['messageId', 'message.input.text']));
    expect(await client.request({ type: 'shout' })).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
    await client.ok({ type: 'availability', adapter: 'example', connectMessage: CONNECT });
  });

  test('a frame over the size limit is refused without closing the connection', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    const answer = await client.request({ type: 'availability', adapter: 'example', connectMessage: CONNECT, padding: 'x'.repeat(70 * 1024) });
    expect(answer).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', message: expect.stringContaining('the limit is 65536') } });
    await client.ok({ type: 'availability', adapter: 'example', connectMessage: CONNECT });
  });

  test('a frame far over the limit closes only its connection; the chat waits for the client', async () => {
    const { chatId, token } = await startChat();
    client.sendRaw(JSON.stringify({ type: 'typing', id: 'huge', isTyping: true, padding: 'x'.repeat(300 * 1024) }));
    expect((await client.closed).code).toBe(1009);
    const back = await WidgetClient.connect(test_.gateway.url);
    expect(await back.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: 0 } })).toMatchObject({ resumed: true });
    await back.close();
  });
});

describe('rate limit', () => {
  test("frames beyond the connection's rate are refused with RATE_LIMITED and a wait", async () => {
    const limited = await startTestGateway({ frameBurst: 3, framesPerSecond: 0.5 });
    const socket = await WidgetClient.connect(limited.gateway.url);
    try {
      await socket.ok({ type: 'hello', protocol: 1 });
      const answers = await Promise.all([1, 2, 3].map(() => socket.request({ type: 'availability', adapter: 'example', connectMessage: CONNECT })));
      const refused = answers.filter((answer) => answer.type === 'error');
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0]).toMatchObject({ error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } });
      expect(answers.some((answer) => answer.type === 'ack')).toBe(true);
    } finally {
      await socket.close();
      await limited.close();
    }
  });
});
