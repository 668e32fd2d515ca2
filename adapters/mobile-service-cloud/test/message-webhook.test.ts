import { createMemoryWebhookHub, silentLogger } from '@byosd/core';
import { MESSAGE_WEBHOOK_PATH, mobileServiceCloudAdapter, type MobileServiceCloudOptions } from '../src/index.js';

const options = { productToken: 'token-1' } as MobileServiceCloudOptions;

function route(hub = createMemoryWebhookHub()) {
  const found = mobileServiceCloudAdapter
    .webhooks?.({ options, webhookHub: hub, logger: silentLogger })
    .find((candidate) => candidate.path === MESSAGE_WEBHOOK_PATH);
  if (!found) throw new Error('no message webhook');
  return found;
}

const request = (body: string, token?: string) => ({
  method: 'POST',
  url: 'http://127.0.0.1/webhooks/mobile-service-cloud/messages',
  headers: token === undefined ? {} : { 'x-cm-producttoken': token },
  rawBody: new TextEncoder().encode(body),
});

describe('the message webhook', () => {
  it('refuses a delivery without the product token, or with another one, and passes nothing on', async () => {
    const hub = createMemoryWebhookHub();
    const received: unknown[] = [];
    hub.subscribe('chat-1', (event) => void received.push(event));
    expect((await route(hub).handle(request('{"ChatId":"chat-1"}'))).status).toBe(403);
    expect((await route(hub).handle(request('{"ChatId":"chat-1"}', 'token-2'))).status).toBe(403);
    expect(received).toEqual([]);
  });

  it('answers 201 Created once the delivery reached its chat or was kept for its next desk, 404 when neither, 400 for a body without ChatId', async () => {
    const hub = createMemoryWebhookHub();
    const received: unknown[] = [];
    hub.subscribe('chat-1', (event) => void received.push(event));
    expect((await route(hub).handle(request('{"ChatId":"chat-1","Type":"text"}', 'token-1'))).status).toBe(201);
    expect(received).toEqual([{ ChatId: 'chat-1', Type: 'text' }]);
    expect((await route(hub).handle(request('{"ChatId":"chat-2"}', 'token-1'))).status).toBe(404);
    // A sequenced delivery is kept (the adapter's store) for a desk that resumes the chat: taken although no desk listens.
    expect((await route(hub).handle(request('{"ChatId":"chat-2","Sequence":3}', 'token-1'))).status).toBe(201);
    expect((await route(hub).handle(request('not json', 'token-1'))).status).toBe(400);
    expect((await route(hub).handle(request('{"ChatId":7}', 'token-1'))).status).toBe(400);
  });
});
