import { CONNECT, eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;

afterEach(async () => {
  await test_.close();
});

async function startChat(client: WidgetClient) {
  await client.ok({ type: 'hello', protocol: 1 });
  const started = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
  const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
  test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
  await client.event('agentJoined');
  return { ...started, deskChatId };
}

const lastSeq = (client: WidgetClient) => Math.max(0, ...client.events().map((event) => event.seq));
const texts = (client: WidgetClient) => client.events().flatMap((event) => (event.type === 'sendMessageToUser' ? [event.message.output.generic[0]?.text] : []));

describe('resume after a page reload', () => {
  test('the returning client gets exactly the events it missed, then live ones, none twice', async () => {
    test_ = await startTestGateway();
    const first = await WidgetClient.connect(test_.gateway.url);
    const { chatId, token, deskChatId } = await startChat(first);
    test_.desk.say(deskChatId, 'before the reload');
    await first.event('sendMessageToUser');
    const seenSeq = lastSeq(first);
    await first.close();

    test_.desk.say(deskChatId, 'while away 1');
    test_.desk.say(deskChatId, 'while away 2');
    const second = await WidgetClient.connect(test_.gateway.url);
    const hello = await second.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: seenSeq } });
    expect(hello).toEqual({ protocol: 1, resumed: true, chatId, state: 'connected', maxFrameBytes: 65536 });
    await second.event('sendMessageToUser', 'the second missed message', (event) => event.message.output.generic[0]?.text === 'while away 2');
    test_.desk.say(deskChatId, 'after the reload');
    await second.event('sendMessageToUser', 'the live message', (event) => event.message.output.generic[0]?.text === 'after the reload');

    expect(texts(second)).toEqual(['while away 1', 'while away 2', 'after the reload']);
    const seqs = second.events().map((event) => event.seq);
    expect(seqs.every((seq) => seq > seenSeq)).toBe(true);
    expect(new Set(seqs).size).toBe(seqs.length);

    await second.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'I am back' } } });
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['I am back']);
    await second.close();
  });

  test('a second connection takes the chat over from the first', async () => {
    test_ = await startTestGateway();
    const first = await WidgetClient.connect(test_.gateway.url);
    const { chatId, token } = await startChat(first);
    const second = await WidgetClient.connect(test_.gateway.url);
    await second.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: lastSeq(first) } });
    expect(await first.closed).toEqual({ code: 4000, reason: 'Another connection resumed this chat' });
    await second.close();
  });

  test("the chat survives the client's absence for the grace period, then ends cleanly at the backend", async () => {
    test_ = await startTestGateway({ gracePeriodMs: 150 });
    const client = await WidgetClient.connect(test_.gateway.url);
    const { chatId, token, deskChatId } = await startChat(client);
    const seenSeq = lastSeq(client);
    await client.close();
    expect(test_.desk.chat(deskChatId).status).toBe('active');

    await eventually(() => test_.desk.chat(deskChatId).status === 'ended', 'the grace period to end the chat');
    expect(test_.desk.chat(deskChatId).endedBy).toBe('user');
    await eventually(() => test_.gateway.activeChats === 0, 'the gateway to let the chat go');

    const late = await WidgetClient.connect(test_.gateway.url);
    expect(await late.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: seenSeq } })).toMatchObject({ resumed: true, state: 'ended' });
    await late.event('chatStateChanged', 'the end', (event) => event.state === 'ended');
    expect(await late.request({ type: 'send', messageId: 'm1', message: { input: { text: 'hello?' } } })).toMatchObject({
      type: 'nack',
      error: { code: 'CHAT_ENDED' },
    });
    await late.close();
  });

  test('a client back within the grace period keeps its chat', async () => {
    test_ = await startTestGateway({ gracePeriodMs: 60_000 });
    const client = await WidgetClient.connect(test_.gateway.url);
    const { chatId, token, deskChatId } = await startChat(client);
    await client.close();
    const back = await WidgetClient.connect(test_.gateway.url);
    await back.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: lastSeq(client) } });
    await back.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'still here' } } });
    expect(test_.desk.chat(deskChatId).status).toBe('active');
    await back.close();
  });
});
