import { jsonObjectSchema, jsonValueSchema, MAX_JSON_DEPTH } from '@byosd/core';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;

afterEach(async () => {
  await test_?.close();
});

/** `{ "a": [[[ ... ]]] }` nesting `depth` arrays: a few KB that recursive validation cannot survive. */
function deeplyNested(depth: number): string {
  return `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

async function startChat(client: WidgetClient): Promise<{ chatId: string; token: string }> {
  await client.ok({ type: 'hello', protocol: 1 });
  return (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
}

describe('deeply nested JSON (issue 11: one unauthenticated frame killed the process)', () => {
  test.each([
    [
      'start before hello, preStartChatPayload',
      (payload: string) => `{"type":"start","id":"deep","adapter":"example","connectMessage":${JSON.stringify(CONNECT)},"preStartChatPayload":${payload}}`,
    ],
    ['end, info.preEndChatPayload', (payload: string) => `{"type":"end","id":"deep","info":{"preEndChatPayload":${payload}}}`],
  ])('%s nesting 1,400 arrays gets INVALID_INPUT; the process and another chat go on', async (_name, frame) => {
    test_ = await startTestGateway();
    const bystander = await WidgetClient.connect(test_.gateway.url);
    await startChat(bystander);
    const deskChat = test_.desk.allChats()[0];
    test_.desk.accept(deskChat?.id ?? '', { id: 'agent-1', name: 'Sam' });

    const attacker = await WidgetClient.connect(test_.gateway.url);
    for (const depth of [1_400, 5_000, 20_000]) {
      attacker.sendRaw(frame(deeplyNested(depth)));
      const answer = await attacker.waitFor((f) => f.type === 'error' && f.id === 'deep', 'the refusal');
      expect(answer).toMatchObject({ type: 'error', id: 'deep', error: { code: 'INVALID_INPUT' } });
      expect(answer.type === 'error' ? answer.error.message : '').toMatch(/nest|deep/i);
      attacker.frames.length = 0;
    }
    // The attacker's connection goes on, and so does the other chat.
    await attacker.ok({ type: 'hello', protocol: 1 });
    await bystander.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'still here' } } });
    expect(test_.desk.chat(deskChat?.id ?? '').received.map((message) => message.text)).toEqual(['still here']);
    await Promise.all([attacker.close(), bystander.close()]);
  });

  test('a frame nesting maxJsonDepth levels passes; one level more is refused', async () => {
    test_ = await startTestGateway({ maxJsonDepth: 8 });
    const client = await WidgetClient.connect(test_.gateway.url);
    await client.ok({ type: 'hello', protocol: 1 });
    // `levels` arrays and objects: the payload object and `levels - 1` arrays inside it.
    const nested = (levels: number) => JSON.parse(`{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`) as Record<string, unknown>;
    // The frame (1) > preStartChatPayload (7 levels): 8.
    expect(await client.request({ type: 'start', adapter: 'example', connectMessage: CONNECT, preStartChatPayload: nested(7) })).toMatchObject({ type: 'ack' });
    // The frame (1) > info (2) > preEndChatPayload (7 levels): 9.
    const refused = await client.request({ type: 'end', info: { preEndChatPayload: nested(7) } });
    expect(refused).toMatchObject({
      type: 'error',
      error: { code: 'INVALID_INPUT', message: 'The frame nests 9 levels of arrays and objects deep; the limit is 8' },
    });
    await client.ok({ type: 'end', info: { preEndChatPayload: nested(6) } });
    await client.close();
  });

  test("core's JSON schemas check any depth without recursion and refuse past MAX_JSON_DEPTH", () => {
    const deep = JSON.parse(deeplyNested(100_000)) as unknown;
    const result = jsonObjectSchema.safeParse(deep);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`);
    const ok = JSON.parse(`{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`) as unknown;
    expect(jsonObjectSchema.safeParse(ok)).toMatchObject({ success: true, data: ok });
    expect(jsonObjectSchema.safeParse([]).success).toBe(false);
    expect(jsonValueSchema.safeParse({ a: [1, 'x', null, true, { b: Number.NaN }] }).error?.issues[0]).toMatchObject({
      path: ['a', 4, 'b'],
      message: 'must be a finite number',
    });
    expect(jsonValueSchema.safeParse({ a: new Date() }).success).toBe(false);
  });
});

describe('a client cannot claim the agent ended the chat (issue 11: the backend chat stayed queued)', () => {
  test('end with info.endedByAgent: true still ends the chat at the backend, as the user', async () => {
    test_ = await startTestGateway();
    const client = await WidgetClient.connect(test_.gateway.url);
    await startChat(client);
    const deskChat = test_.desk.allChats()[0];
    await client.ok({ type: 'end', info: { endedByAgent: true, preEndChatPayload: { reason: 'done' } } });
    await client.event('chatStateChanged', 'the end', (event) => event.state === 'ended');
    expect(test_.desk.chat(deskChat?.id ?? '').status).toBe('ended');
    expect(test_.desk.chat(deskChat?.id ?? '').endedBy).toBe('user');
    expect(test_.desk.waitingChats()).toEqual([]);
    await client.close();
  });
});
