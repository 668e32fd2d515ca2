import { createHmac } from 'node:crypto';
import { connectMessage, createMemoryWebhookHub, silentLogger, type WebhookRequest } from '@byosd/core';
import { chatvisorAdapter, chatvisorWebhookRoutes, webhookKey, webhookPath } from '../src/index.js';
import { nextEvent, startChatvisorTestbed } from './helpers/chatvisor-testbed.js';

const TOKEN = 'a'.repeat(32);
const options = (extra: object = {}) => chatvisorAdapter.optionsSchema.parse({ apiToken: 't', webhookPathToken: TOKEN, ...extra });
const body = JSON.stringify({ customerId: 'c-1', status: 'UNREAD', lastMessage: { text: 'Hi' }, url: 'https://app.chatvisor.com/c-1' });
const request = (text: string, headers: Record<string, string> = {}): WebhookRequest => ({
  method: 'POST',
  url: `https://gateway.example/webhooks/chatvisor/${TOKEN}/new-message`,
  headers,
  rawBody: new TextEncoder().encode(text),
});

function routesWith(extra: object = {}) {
  const hub = createMemoryWebhookHub();
  const received: unknown[] = [];
  hub.subscribe(webhookKey('c-1'), (event) => {
    received.push(event);
  });
  const routes = chatvisorWebhookRoutes({ options: options(extra) as never, webhookHub: hub, logger: silentLogger });
  const route = routes.find((candidate) => candidate.path === webhookPath(TOKEN, 'new-message'));
  if (!route) throw new Error('no new-message route');
  return { routes, route, received };
}

describe('the webhook routes', () => {
  it('live only under the secret path token, one per documented webhook', () => {
    expect(routesWith().routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      `POST /${TOKEN}/new-conversation`,
      `POST /${TOKEN}/status-change`,
      `POST /${TOKEN}/new-message`,
    ]);
  });

  it("publish a delivery to the customer's chat, with its event name", async () => {
    const { route, received } = routesWith();
    expect((await route.handle(request(body))).status).toBe(200);
    expect(received).toEqual([{ event: 'new-message', body: JSON.parse(body) }]);
  });

  it('refuse a body that is not JSON or names no customer, and publish nothing', async () => {
    const { route, received } = routesWith();
    expect(await route.handle(request('not json'))).toMatchObject({ status: 400 });
    expect(await route.handle(request('{"status":"UNREAD"}'))).toMatchObject({ status: 400, body: expect.stringContaining('customerId') });
    expect(received).toEqual([]);
  });

  it('with an HMAC secret, accept only deliveries whose header matches the body (403 otherwise)', async () => {
    const secret = 'a-long-hmac-secret-value';
    const { route, received } = routesWith({ webhookHmacSecret: secret, webhookHmacHeader: 'X-Relay-Signature' });
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(await route.handle(request(body))).toMatchObject({ status: 403 });
    expect(await route.handle(request(body, { 'x-relay-signature': 'sha256=00' }))).toMatchObject({ status: 403 });
    expect(await route.handle(request(`${body} `, { 'x-relay-signature': signature }))).toMatchObject({ status: 403 });
    expect(received).toEqual([]);
    expect(await route.handle(request(body, { 'x-relay-signature': signature }))).toMatchObject({ status: 200 });
    expect(received).toHaveLength(1);
  });

  it('need a path token long enough to be a secret', () => {
    expect(() => chatvisorAdapter.optionsSchema.parse({ apiToken: 't', webhookPathToken: 'short' })).toThrow(/at least 24/);
  });
});

describe('the signed path through a real host', () => {
  it('is checked end to end: a simulator that signs through a relay reaches the chat', async () => {
    const secret = 'relay-secret-relay-secret';
    const bed = await startChatvisorTestbed({ webhookHmacSecret: secret }, { secret, header: 'x-byosd-signature' });
    try {
      const session = await bed.load();
      await session.startChat(connectMessage('signed'), {});
      const chat = await bed.simulator.agent.waitForChat('signed');
      await bed.simulator.agent.accept(chat.chatId, { id: 'ada@example.com', name: 'Ada' });
      await nextEvent(session, 'agentJoined');
      expect(bed.simulator.lostWebhooks).toBe(0);
    } finally {
      await bed.close();
    }
  });
});
