import fc from 'fast-check';
import { generateShortCode, SHORT_CODE_ALPHABET } from '@byosd/gateway';
import { CONNECT, eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway | undefined;

afterEach(async () => {
  await test_?.close();
  test_ = undefined;
});

async function gateway(config: Parameters<typeof startTestGateway>[0] = {}): Promise<TestGateway> {
  test_ = await startTestGateway(config);
  return test_;
}

const http = (path: string, method = 'GET') => fetch(`${test_?.gateway.httpUrl ?? ''}${path}`, { method });

describe('short codes', () => {
  test('codes use only characters that cannot be mistaken for one another, at the configured length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 16 }), (length) => {
        const code = generateShortCode(length);
        return code.length === length && [...code].every((character) => SHORT_CODE_ALPHABET.includes(character));
      }),
    );
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[01IOL]/);
  });

  test('Live Assist flow: create, the page redeems once, the agent exchanges once', async () => {
    await gateway({ shortCodeLength: 8 });
    const created = await http('/assistserver/shortcode/create', 'PUT');
    expect(created.status).toBe(200);
    const { shortCode } = (await created.json()) as { shortCode: string };
    expect(shortCode).toMatch(/^[23456789A-HJKMNP-Z]{8}$/);

    const consumer = await http(`/assistserver/shortcode/consumer?appkey=${shortCode}`);
    expect(consumer.status).toBe(200);
    const session = (await consumer.json()) as Record<string, unknown>;
    expect(session).toEqual({ 'session-token': expect.any(String), cid: expect.any(String), scaleFactor: 1 });
    expect((await http(`/assistserver/shortcode/consumer?appkey=${shortCode}`)).status).toBe(403);

    const agent = await http(`/assistserver/shortcode/agent?appkey=${shortCode}`);
    expect(await agent.json()).toEqual({ cid: session['cid'] });
    expect((await http(`/assistserver/shortcode/agent?appkey=${shortCode}`)).status).toBe(403);
    expect((await http('/assistserver/shortcode/consumer?appkey=ZZZZZZZZ')).status).toBe(403);
    expect((await http('/assistserver/shortcode/consumer')).status).toBe(403);
  });

  test('each code is new', async () => {
    await gateway({ shortCodeCreatesPerMinute: 50 });
    const codes = await Promise.all(
      Array.from({ length: 50 }, async () => ((await (await http('/assistserver/shortcode/create', 'PUT')).json()) as { shortCode: string }).shortCode),
    );
    expect(new Set(codes).size).toBe(50);
  });

  test('a code expires', async () => {
    await gateway({ shortCodeTtlMs: 50, shortCodeGuessesPerMinute: 1000 });
    const { shortCode } = (await (await http('/assistserver/shortcode/create', 'PUT')).json()) as { shortCode: string };
    await eventually(async () => (await http(`/assistserver/shortcode/agent?appkey=${shortCode}`)).status === 403, 'the code to expire');
  });

  test('guessing is rate-limited per client, with Retry-After', async () => {
    await gateway({ shortCodeGuessesPerMinute: 3 });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await http('/assistserver/shortcode/consumer?appkey=WRONG2')).status).toBe(403);
    const limited = await http('/assistserver/shortcode/consumer?appkey=WRONG2');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const { shortCode } = (await (await http('/assistserver/shortcode/create', 'PUT')).json()) as { shortCode: string };
    expect((await http(`/assistserver/shortcode/consumer?appkey=${shortCode}`)).status).toBe(429);
  });

  test('in a chat: the user asks to co-browse, the agent gets the code, the page gets its session', async () => {
    const { desk, gateway: server } = await gateway();
    const client = await WidgetClient.connect(server.url);
    try {
      await client.ok({ type: 'hello', protocol: 1 });
      await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
      const deskChatId = desk.allChats()[0]?.id ?? '';
      desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
      await client.event('agentJoined');

      const session = await client.ok({ type: 'cobrowse' });
      expect(session).toEqual({ shortCode: expect.any(String), 'session-token': expect.any(String), cid: expect.any(String), scaleFactor: 1 });
      expect(desk.chat(deskChatId).received.map((message) => message.text)).toEqual([`Co-browse code: ${String(session['shortCode'])}`]);
      const agent = await http(`/assistserver/shortcode/agent?appkey=${String(session['shortCode'])}`);
      expect(await agent.json()).toEqual({ cid: session['cid'] });
      expect((await http(`/assistserver/shortcode/consumer?appkey=${String(session['shortCode'])}`)).status).toBe(403);
    } finally {
      await client.close();
    }
  });
});
