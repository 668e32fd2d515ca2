import { createMemoryWebhookHub, silentLogger, type WebhookRequest } from '@byosd/core';
import { computeTwilioSignature, CONVERSATION_EVENTS_PATH, twilioFlexAdapter, type TwilioFlexOptions } from '../src/index.js';

const AUTH_TOKEN = 'test-auth-token';
const URL_ = `https://chat.example.com/webhooks/twilio-flex${CONVERSATION_EVENTS_PATH}?tenant=acme`;
const FIELDS = {
  AccountSid: `AC${'a'.repeat(32)}`,
  EventType: 'onMessageAdded',
  ConversationSid: `CH${'c'.repeat(32)}`,
  MessageSid: `IM${'1'.repeat(32)}`,
  Index: '0',
  Author: 'ada@example.com',
  Body: 'Hello & welcome',
  Source: 'SDK',
};

const options = twilioFlexAdapter.optionsSchema.parse({
  accountSid: FIELDS.AccountSid,
  authToken: AUTH_TOKEN,
  addressSid: 'IG0',
  workspaceSid: `WS${'b'.repeat(32)}`,
  taskQueueSid: `WQ${'b'.repeat(32)}`,
}) as TwilioFlexOptions;

function setup() {
  const webhookHub = createMemoryWebhookHub();
  const received: unknown[] = [];
  webhookHub.subscribe(FIELDS.ConversationSid, (event) => {
    received.push(event);
  });
  const [route] = twilioFlexAdapter.webhooks?.({ options, webhookHub, logger: silentLogger }) ?? [];
  if (!route) throw new Error('the adapter has no webhook route');
  const deliver = (fields: Record<string, string>, signature: string | undefined, url = URL_) => {
    const request: WebhookRequest = {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
      rawBody: new TextEncoder().encode(new URLSearchParams(fields).toString()),
    };
    return route.handle(request);
  };
  return { received, deliver };
}

describe('the Conversations webhook route', () => {
  it('hands a signed delivery to the chat of its ConversationSid', async () => {
    const { received, deliver } = setup();
    expect((await deliver(FIELDS, computeTwilioSignature(AUTH_TOKEN, URL_, FIELDS))).status).toBe(200);
    expect(received).toEqual([FIELDS]);
  });

  it('answers 403 and hands over nothing when the URL, a field, the token or the signature is not the signed one', async () => {
    const { received, deliver } = setup();
    const signature = computeTwilioSignature(AUTH_TOKEN, URL_, FIELDS);
    const refusals = await Promise.all([
      deliver(FIELDS, signature, URL_.replace('tenant=acme', 'tenant=other')),
      deliver({ ...FIELDS, Body: 'Hello & goodbye' }, signature),
      deliver({ ...FIELDS, Extra: '1' }, signature),
      deliver(FIELDS, computeTwilioSignature('another-token', URL_, FIELDS)),
      deliver(FIELDS, undefined),
      deliver(FIELDS, 'not-a-signature'),
    ]);
    expect(refusals.map((response) => response.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(received).toEqual([]);
  });

  it('refuses a signed delivery without a ConversationSid with 400', async () => {
    const { received, deliver } = setup();
    const { ConversationSid: _omitted, ...fields } = FIELDS;
    expect((await deliver(fields, computeTwilioSignature(AUTH_TOKEN, URL_, fields))).status).toBe(400);
    expect(received).toEqual([]);
  });
});
