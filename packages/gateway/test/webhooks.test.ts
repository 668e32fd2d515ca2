import { signDelivery, signedWebhookAdapter } from './fixtures/signed-webhook-adapter.js';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

const SECRET = 'webhook-signing-secret-42';
const PUBLIC_BASE = 'https://chat.example.com/support';

let test_: TestGateway;
let client: WidgetClient;
let chatId: string;

beforeEach(async () => {
  test_ = await startTestGateway(
    { publicBaseUrl: PUBLIC_BASE, adapters: { 'signed-webhook': { signingSecret: SECRET } } },
    { plugins: [signedWebhookAdapter] },
  );
  client = await WidgetClient.connect(test_.gateway.url);
  await client.ok({ type: 'hello', protocol: 1 });
  chatId = String((await client.ok({ type: 'start', adapter: 'signed-webhook', connectMessage: CONNECT }))['chatId']);
  await client.event('agentJoined');
});

afterEach(async () => {
  await client.close();
  await test_.close();
});

/** Delivers a webhook as the backend would: signed over the public URL and the exact body. */
function deliver(eventId: string, text: string, signature?: string): Promise<Response> {
  const body = JSON.stringify({ eventId, conversationId: chatId, text });
  const path = '/webhooks/signed-webhook/events?attempt=1';
  return fetch(`${test_.gateway.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature ?? signDelivery(SECRET, `${PUBLIC_BASE}${path}`, body) },
    body,
  });
}

const messages = () => client.events().flatMap((event) => (event.type === 'sendMessageToUser' ? [event.message.output.generic[0]?.text] : []));

describe('webhook ingress', () => {
  test('a signed delivery reaches the chat, verified over the raw body and the public URL', async () => {
    const response = await deliver('e1', 'Hello from the agent');
    expect(response.status).toBe(200);
    await client.event('sendMessageToUser');
    expect(messages()).toEqual(['Hello from the agent']);
  });

  test('a failed signature answers 403 and nothing is processed', async () => {
    expect((await deliver('e1', 'forged', 'sha256=00')).status).toBe(403);
    const body = JSON.stringify({ eventId: 'e2', conversationId: chatId, text: 'signed for another URL' });
    const wrongUrl = await fetch(`${test_.gateway.httpUrl}/webhooks/signed-webhook/events`, {
      method: 'POST',
      headers: { 'x-signature': signDelivery(SECRET, `${test_.gateway.httpUrl}/webhooks/signed-webhook/events`, body) },
      body,
    });
    expect(wrongUrl.status).toBe(403);
    expect((await deliver('e3', 'genuine')).status).toBe(200);
    await client.event('sendMessageToUser');
    expect(messages()).toEqual(['genuine']);
    const metrics = await (await fetch(`${test_.gateway.httpUrl}/metrics`)).text();
    expect(metrics).toContain('byosd_webhook_rejections_total{adapter="signed-webhook"} 2');
  });

  test('a repeated delivery changes nothing', async () => {
    await deliver('e1', 'once');
    expect((await deliver('e1', 'once')).status).toBe(200);
    await deliver('e2', 'twice');
    await client.event('sendMessageToUser', 'the second message', (event) => event.message.output.generic[0]?.text === 'twice');
    expect(messages()).toEqual(['once', 'twice']);
  });

  test('no secret option ever reaches the client, even one the adapter persisted', async () => {
    await deliver('e1', 'hello');
    await client.event('sendMessageToUser');
    await client.request({ type: 'availability', connectMessage: CONNECT });
    expect(client.raw.length).toBeGreaterThan(3);
    expect(client.raw.some((frame) => frame.includes(SECRET))).toBe(false);
  });
});
