import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botReplySchema, deriveChatId, mutationRequestsPath, twoWayMessageSchema, type TwoWayMessage, twoWayPath } from '../protocol/index.js';
import { MobileServiceCloudSimulator } from '../simulator/index.js';

/** A loopback message webhook of the channel, answering 201 as the router requires. */
async function startChannelWebhook(): Promise<{ url: string; received: TwoWayMessage[]; tokens: string[]; server: Server; next(): Promise<TwoWayMessage> }> {
  const received: TwoWayMessage[] = [];
  const tokens: string[] = [];
  const waiters: Array<(message: TwoWayMessage) => void> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      tokens.push(String(request.headers['x-cm-producttoken']));
      const message = twoWayMessageSchema.parse(JSON.parse(body));
      received.push(message);
      waiters.shift()?.(message);
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let read = 0;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    received,
    tokens,
    server,
    next: () => {
      const ready = received[read];
      if (ready) {
        read += 1;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiters.push((message) => ((read += 1), resolve(message))));
    },
  };
}

describe('the Mobile Service Cloud simulator', () => {
  let simulator: MobileServiceCloudSimulator;

  beforeEach(async () => {
    simulator = new MobileServiceCloudSimulator({ seed: 7 });
    await simulator.start();
  });
  afterEach(() => simulator.stop());

  const bot = (path: string, query: Record<string, string>) =>
    fetch(`${simulator.urls.bot}/${path}?${new URLSearchParams({ apiKey: simulator.account.botApiKey, ...query })}`);
  const presence = (query: Partial<Record<'apikey' | 'Channel' | 'referrer', string>> = {}) =>
    fetch(
      `${simulator.urls.presence}/api/v1?${new URLSearchParams({ apikey: simulator.account.presenceApiKey, Channel: 'WebChat', referrer: 'shop-nl', ...query })}`,
    );
  const routerPost = (path: string, body: unknown, token = simulator.account.productToken) =>
    fetch(`${simulator.urls.router}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cm-producttoken': token },
      body: JSON.stringify(body),
    });
  const mutate = (chatId: string, action: 'Enable' | 'Disable', context: Record<string, string> = {}) =>
    routerPost(mutationRequestsPath(simulator.account.technicalLinkId, chatId), {
      ChatId: chatId,
      Mutations: [
        { $type: 'ruleMutation', action, operator: 'And', sourceAdapterId: simulator.account.botAdapterId, targetAdapterId: simulator.account.mscAdapterId },
      ],
      Context: context,
    });
  const twoWay = (message: Record<string, unknown>, token?: string) =>
    routerPost(
      twoWayPath(simulator.account.botRouterAccountId, simulator.account.channelAdapterId),
      {
        Id: crypto.randomUUID(),
        Channel: simulator.account.channel,
        From: 'user-1',
        To: simulator.account.channelAdapterId,
        Timestamp: new Date().toISOString(),
        ...message,
      },
      token,
    );

  describe('the Conversational AI Cloud bot', () => {
    it('answers a question it cannot handle with the livechat output additions', async () => {
      const reply = botReplySchema.parse(await (await bot('ask', { q: 'My invoice is wrong' })).json());
      expect(reply.outputs[0]?.outputAdditions).toMatchObject({ livechat: true, skill: 'support', mscWebstore: 'shop-nl', mscChannel: 'WebChat' });
    });

    it('answers a known question without offering the live chat', async () => {
      const reply = botReplySchema.parse(await (await bot('ask', { q: 'What are your opening hours?' })).json());
      expect(reply.outputs[0]?.outputAdditions.livechat).toBeUndefined();
    });

    it('runs the configured intake questions as the transactional dialog of the prechat event', async () => {
      simulator.bot.content.prechat = [
        { intakeId: 'name', question: 'Your name?' },
        { intakeId: 'topic', question: 'What is it about?' },
      ];
      const first = botReplySchema.parse(await (await bot('event', { name: 'prechat', 'context.agentStatus': 'online' })).json());
      expect(first.outputs[0]).toMatchObject({ text: 'Your name?', dialogPath: 'prechat/0', outputAdditions: { intakeId: 'name' } });
      const second = botReplySchema.parse(await (await bot('dialogstep', { sessionId: first.sessionId, dialogPath: 'prechat/0', q: 'Ada' })).json());
      expect(second.outputs[0]).toMatchObject({ dialogPath: 'prechat/1', outputAdditions: { intakeId: 'topic' } });
      const done = botReplySchema.parse(await (await bot('dialogstep', { sessionId: first.sessionId, dialogPath: 'prechat/1', q: 'Billing' })).json());
      expect(done.outputs[0]?.dialogPath).toBeUndefined();
      expect(simulator.bot.intakeAnswersOf(first.sessionId)).toEqual({ name: 'Ada', topic: 'Billing' });
    });

    it('says so instead of starting the dialog when agentStatus is offline', async () => {
      const reply = botReplySchema.parse(await (await bot('event', { name: 'prechat', 'context.agentStatus': 'offline' })).json());
      expect(reply.outputs[0]).toMatchObject({ outputAdditions: { livechat: false } });
      expect(reply.outputs[0]?.dialogPath).toBeUndefined();
    });

    it('refuses a wrong API key, a step the dialog is not at, and an injected prechat failure', async () => {
      expect((await fetch(`${simulator.urls.bot}/ask?apiKey=wrong&q=hi`)).status).toBe(401);
      const first = botReplySchema.parse(await (await bot('event', { name: 'prechat' })).json());
      expect((await bot('dialogstep', { sessionId: first.sessionId, dialogPath: 'prechat/5', q: 'x' })).status).toBe(409);
      simulator.partyFaults.failNext('prechat', { type: 'unavailable', status: 502 });
      expect((await bot('event', { name: 'prechat' })).status).toBe(502);
    });
  });

  describe('the presence service', () => {
    it('answers plain Online or Offline, 404 when it cannot tell, 401 for a wrong key', async () => {
      expect(await (await presence()).text()).toBe('Online');
      await simulator.agent.setAgentsOnline(false);
      expect(await (await presence()).text()).toBe('Offline');
      await simulator.agent.setAgentsOnline(null);
      expect((await presence()).status).toBe(404);
      expect((await presence({ apikey: 'wrong' })).status).toBe(401);
      expect((await presence({ referrer: '' })).status).toBe(400);
    });

    it("holds MSC's rate limit: a 4th call within a second is refused with 429 and Retry-After", async () => {
      const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await presence()).status));
      expect(statuses.sort()).toEqual([200, 200, 200, 429]);
      const refused = await presence();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('fails with 5xx, garbage, or no answer at all when told', async () => {
      simulator.faults.failNext('availability', { type: 'unavailable', status: 500 });
      expect((await presence()).status).toBe(500);
      simulator.partyFaults.failNext('presence-garbage');
      const garbage = await presence();
      expect(garbage.status).toBe(200);
      expect(await garbage.text()).not.toMatch(/^(Online|Offline)$/);
      simulator.faults.failNext('availability', { type: 'no-reply' });
      await expect(
        fetch(`${simulator.urls.presence}/api/v1?${new URLSearchParams({ apikey: simulator.account.presenceApiKey, Channel: 'WebChat', referrer: 'x' })}`, {
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toThrow();
    });
  });

  describe('the router and the MSC agent side', () => {
    it('hands a chat to MSC, carries messages both ways with the product token, and closes it on Disable', async () => {
      const webhook = await startChannelWebhook();
      simulator.configureChannelWebhook(webhook.url);
      try {
        const chatId = deriveChatId(simulator.account.channel, 'user-1', simulator.account.channelAdapterId);
        expect((await mutate(chatId, 'Enable', { skill: 'billing', referrer: 'shop-nl', 'intake.name': 'Ada' })).status).toBe(202);
        expect(simulator.isRoutedToMsc(chatId)).toBe(true);
        expect(await simulator.agent.chats('open')).toHaveLength(1);
        expect((await twoWay({ ChatId: chatId, Type: 'handover', Text: 'My invoice is wrong' })).status).toBe(201);
        const chat = await simulator.agent.waitForChat('My invoice is wrong', 1000);
        expect(chat.preChat).toMatchObject({ skill: 'billing', 'intake.name': 'Ada' });

        expect((await twoWay({ ChatId: chatId, Type: 'text', Text: 'hello' }, 'wrong-token')).status).toBe(401);
        expect((await twoWay({ ChatId: chatId, Type: 'text', Text: 'hello', Id: 'm1' })).status).toBe(201);
        expect((await twoWay({ ChatId: chatId, Type: 'text', Text: 'hello', Id: 'm1' })).status).toBe(201);
        expect((await twoWay({ ChatId: chatId, Type: 'text' })).status).toBe(400);

        await simulator.agent.accept(chat.chatId, { id: 'a1', name: 'Ada' });
        await simulator.agent.say(chat.chatId, 'How can I help?');
        expect(await webhook.next()).toMatchObject({ Type: 'event', Event: 'agentJoined', Agent: { Name: 'Ada' }, Sequence: 1, To: 'user-1' });
        expect(await webhook.next()).toMatchObject({ Type: 'text', Text: 'How can I help?', Sequence: 2 });
        expect(webhook.tokens.every((token) => token === simulator.account.productToken)).toBe(true);
        expect((await simulator.agent.chat(chat.chatId)).messages.map((message) => message.text)).toEqual(['hello']);

        expect((await mutate(chatId, 'Disable')).status).toBe(202);
        expect(simulator.isRoutedToMsc(chatId)).toBe(false);
        expect(await simulator.agent.chats('open')).toEqual([]);
        expect((await twoWay({ ChatId: chatId, Type: 'text', Text: 'still there?' })).status).toBe(409);
      } finally {
        webhook.server.close();
      }
    });

    it('refuses the handover when the router or the MSC agent side fails, leaving the chat pending', async () => {
      const chatId = deriveChatId(simulator.account.channel, 'user-2', simulator.account.channelAdapterId);
      await mutate(chatId, 'Enable');
      simulator.partyFaults.failNext('router', { type: 'unavailable', status: 503 });
      expect((await twoWay({ ChatId: chatId, Type: 'handover', Text: 'q' })).status).toBe(503);
      simulator.partyFaults.failNext('agent-side');
      expect((await twoWay({ ChatId: chatId, Type: 'handover', Text: 'q' })).status).toBe(502);
      expect((await simulator.agent.chats('waiting')).map((chat) => chat.topic)).toEqual(['']);
    });

    it('fails a mutation with the injected fault, and one after processing still enables the rule', async () => {
      const chatId = deriveChatId(simulator.account.channel, 'user-3', simulator.account.channelAdapterId);
      simulator.faults.failNext('start', { type: 'unavailable' });
      expect((await mutate(chatId, 'Enable')).status).toBe(503);
      expect(simulator.isRoutedToMsc(chatId)).toBe(false);
      simulator.faults.failNext('start', { type: 'fail-after-processing' });
      expect((await mutate(chatId, 'Enable')).status).toBe(500);
      expect(simulator.isRoutedToMsc(chatId)).toBe(true);
      const mismatched = await routerPost(mutationRequestsPath(simulator.account.technicalLinkId, chatId), { ChatId: 'another', Mutations: [] });
      expect(mismatched.status).toBe(400);
    });

    it('serves the control API, MSC faults included', async () => {
      const control = simulator.urls.control;
      const response = await fetch(`${control}/msc/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ point: 'presence-garbage' }),
      });
      expect(response.status).toBe(200);
      expect(await (await presence()).text()).toContain('Maintenance');
      const bad = await fetch(`${control}/msc/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ point: 'nowhere' }),
      });
      expect(bad.status).toBe(400);
      expect(((await (await fetch(`${control}/chats`)).json()) as { chats: unknown[] }).chats).toEqual([]);
    });
  });
});
