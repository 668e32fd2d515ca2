import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub, type WebhookRoute } from '@byosd/core';
import { startWebhookHost, type WebhookHost } from '@byosd/simulators';
import { CONVERSATION_EVENT_TYPES, conversationEventSchema } from '../src/conversation-events.js';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter } from '../src/index.js';
import { parseFormParams } from '../protocol/form-params.js';
import { computeTwilioSignature } from '../protocol/twilio-signature.js';
import { configureConversationWebhook, TwilioFlexSimulator, twilioFlexOptionsFor } from '../testbed/index.js';
import {
  errorRecordingLogger,
  expectAgentReaches,
  expectNoPrototypePollution,
  fuzzParameters,
  FUZZ_RUNS,
  hostileJson,
  hostileText,
  mutatedFrame,
  openSession,
  reportedErrors,
  watchUnhandledRejections,
} from '../../../packages/core/test/support/fuzz';

/**
 * Property-based fuzzing of Twilio Conversations' webhook events as the adapter parses them (issue 11), past the
 * signature check: each delivery is correctly signed with the account's Auth Token and addressed to a live chat's
 * ConversationSid, so it reaches the chat's desk. Deliveries are the documented events with one field set to any
 * text or removed (form fields), or to any JSON (the bodySHA256 JSON variant), and arbitrary field sets. The route
 * answers 200 or 400, never a 5xx; an event of a type the adapter acts on that breaks its schema is reported to the
 * chat as PROTOCOL_ERROR; nothing throws, is left rejected or is logged as failing; and another chat on the same
 * webhook hub still gets its agent's message. `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
const hub = createMemoryWebhookHub();
let simulator: TwilioFlexSimulator;
let host: WebhookHost;
let options: Record<string, unknown>;
let route: WebhookRoute;
const sessions: ChatSession[] = [];

beforeAll(async () => {
  unhandled.start();
  simulator = new TwilioFlexSimulator({ seed: 11 });
  await simulator.start();
  options = { ...twilioFlexOptionsFor(simulator), retryDelayMs: 10, queuePollIntervalMs: 50, gapWaitMs: 50 };
  const parsed = twilioFlexAdapter.optionsSchema.parse(options);
  host = await startWebhookHost({ plugin: twilioFlexAdapter, options: parsed, webhookHub: hub });
  await configureConversationWebhook(simulator, `${host.baseUrl}${CONVERSATION_EVENTS_PATH}`);
  const found = twilioFlexAdapter.webhooks?.({ options: parsed, webhookHub: hub, logger }).find((candidate) => candidate.path === CONVERSATION_EVENTS_PATH);
  if (!found) throw new Error('twilio-flex has no conversation-events route');
  route = found;
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await host?.close();
  await simulator?.stop();
});

/** A started chat and its ConversationSid (the webhook key its desk listens under). */
async function startChat(topic: string): Promise<{ session: ChatSession; sid: string }> {
  const session = openSession(twilioFlexAdapter, options, hub, logger);
  sessions.push(session);
  await session.startChat(connectMessage(topic), {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  return { session, sid: chatId };
}

/** The documented events of a conversation, every field a string as Twilio posts them. */
function documentedEvents(sid: string): Record<string, string>[] {
  const common = { AccountSid: simulator.credentials.accountSid, ConversationSid: sid, Source: 'API' };
  const participant = { ...common, ParticipantSid: 'MBfuzzed', Identity: 'agent-fuzz', Attributes: '{"friendly_name":"Fuzz"}' };
  return [
    {
      ...common,
      EventType: 'onMessageAdded',
      MessageSid: 'IMfuzzed',
      Index: '1',
      Author: 'agent-fuzz',
      Body: 'hello',
      ParticipantSid: 'MBfuzzed',
      Attributes: '{}',
    },
    { ...participant, EventType: 'onParticipantAdded' },
    { ...participant, EventType: 'onParticipantUpdated', LastReadMessageIndex: '0' },
    { ...participant, EventType: 'onParticipantRemoved' },
    { ...common, EventType: 'onConversationStateUpdated', StateFrom: 'active', StateTo: 'inactive' },
  ];
}

/** Stands for the victim chat's ConversationSid, which changes when a delivery has closed the conversation. */
const VICTIM = 'CHvictim';

const KEYS = [
  'EventType',
  'ConversationSid',
  'AccountSid',
  'MessageSid',
  'Index',
  'Author',
  'Body',
  'ParticipantSid',
  'Attributes',
  'LastReadMessageIndex',
  'StateTo',
];

/** A delivery's fields: form fields (strings) signed over URL and fields, or a JSON body signed by its hash. */
function delivery(sid: string) {
  const events = documentedEvents(sid);
  return fc.oneof(
    { weight: 5, arbitrary: mutatedFrame(events, KEYS, hostileText).map((fields) => ({ kind: 'form' as const, fields })) },
    { weight: 2, arbitrary: mutatedFrame(events, KEYS, hostileJson).map((fields) => ({ kind: 'json' as const, fields })) },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), hostileText, { maxKeys: 8 })
        .map((fields) => ({ kind: 'form' as const, fields: { ConversationSid: sid, EventType: 'onMessageAdded', ...fields } as Record<string, unknown> })),
    },
  );
}

/** The request Twilio makes for `fields`, signed with the account's Auth Token. */
function signedRequest(kind: 'form' | 'json', fields: Record<string, unknown>) {
  const base = `${host.baseUrl}/webhooks/twilio-flex${CONVERSATION_EVENTS_PATH}`;
  const { authToken } = simulator.credentials;
  if (kind === 'json') {
    const body = Buffer.from(JSON.stringify(fields), 'utf8');
    const url = `${base}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    return { fields, request: { method: 'POST', url, headers: { 'x-twilio-signature': computeTwilioSignature(authToken, url, {}) }, rawBody: body } };
  }
  const body = new URLSearchParams(Object.entries(fields).map(([name, value]) => [name, String(value)])).toString();
  // Signed over the fields as the route reads them back (URL encoding replaces lone surrogates).
  const parsed = parseFormParams(body);
  const signature = computeTwilioSignature(authToken, base, parsed);
  return { fields: parsed, request: { method: 'POST', url: base, headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(body, 'utf8') } };
}

/** Whether the desk must report the delivery: a type it acts on whose fields break that type's schema. */
function isMalformedKnownEvent(fields: unknown): boolean {
  const type = (fields as { EventType?: unknown }).EventType;
  return CONVERSATION_EVENT_TYPES.includes(type as never) && !conversationEventSchema.safeParse(fields).success;
}

test(`${FUZZ_RUNS} signed, fuzzed conversation events: 200 or 400, PROTOCOL_ERROR for each malformed one, and another chat goes on`, async () => {
  let victim = await startChat('Fuzzed 0');
  const other = await startChat('Unaffected');
  await simulator.agent.accept(other.sid, { id: 'agent-sam', name: 'Sam' });
  let restarts = 0;

  await fc.assert(
    fc.asyncProperty(delivery(VICTIM), async ({ kind, fields }) => {
      // A valid event may end the chat (the conversation closed): the next deliveries go to a new one.
      if (victim.session.state === 'ended') victim = await startChat(`Fuzzed ${(restarts += 1)}`);
      const signed = signedRequest(kind, fields['ConversationSid'] === VICTIM ? { ...fields, ConversationSid: victim.sid } : fields);
      const before = victim.session.events.lastSeq;
      const response = await route.handle(signed.request);
      expect([200, 400]).toContain(response.status);
      if (response.status === 200 && isMalformedKnownEvent(signed.fields) && signed.fields['ConversationSid'] === victim.sid) {
        expect(reportedErrors(victim.session, before)).toContain('PROTOCOL_ERROR');
      }
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  await expectAgentReaches(other.session, (text) => simulator.agent.say(other.sid, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
