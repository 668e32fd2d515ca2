import fc from 'fast-check';
import { type ChatSession, connectMessage, type WebhookRoute } from '@byosd/core';
import { createMobileServiceCloudServiceDesk, MESSAGE_WEBHOOK_PATH, mobileServiceCloudAdapter } from '../src/index.js';
import { PRODUCT_TOKEN_HEADER, twoWayMessageSchema } from '../protocol/index.js';
import { startMobileServiceCloudWorld, type MobileServiceCloudWorld } from '../testbed/index.js';
import {
  errorRecordingLogger,
  expectAgentReaches,
  expectNoPrototypePollution,
  fuzzParameters,
  FUZZ_RUNS,
  hostileJson,
  hostileText,
  mutatedFrame,
  recordingSubscriptions,
  reportedErrors,
  watchUnhandledRejections,
} from '../../../packages/core/test/support/fuzz';

/**
 * Property-based fuzzing of the router's TwoWay deliveries as the adapter reads them (issue 11), past the product
 * token check: each delivery mostly carries the right `X-Cm-Producttoken` (else a wrong or missing one, and extra
 * headers of any name) and is addressed to a live chat's ChatId, so it reaches the chat's desk. Bodies are the
 * documented deliveries (text, typing, agent events, with and without `Sequence`) with one field set to any JSON or
 * removed, any JSON, or any bytes. The route answers exactly as the delivery deserves (403, 400, 404 for a chat not
 * live here, else 201); a delivery that reaches the chat but breaks the TwoWay schema is reported to it as
 * PROTOCOL_ERROR; a gap in `Sequence`, however large, is waited out without stalling the process; nothing throws,
 * is left rejected or is logged as failing; and another chat on the same webhook hub still gets its agent's
 * message. `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

/** Stands for the victim chat's ChatId in generated bodies. */
const VICTIM = 'victim-chat-id';

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
let world: MobileServiceCloudWorld;
let route: WebhookRoute;
const sessions: ChatSession[] = [];

beforeAll(async () => {
  unhandled.start();
  // A short gap wait, so that deliveries held behind a fuzzed Sequence are given up on within the run.
  world = await startMobileServiceCloudWorld({ seed: 11, options: { gapWaitMs: 5 } });
  const found = mobileServiceCloudAdapter
    .webhooks?.({ options: world.options, webhookHub: world.webhookHub, logger })
    .find((candidate) => candidate.path === MESSAGE_WEBHOOK_PATH);
  if (!found) throw new Error('mobile-service-cloud has no message webhook');
  route = found;
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await world?.close();
});

/** A started chat, its router ChatId (the key its desk listens under) and the simulator's id of it. */
async function startChat(topic: string): Promise<{ session: ChatSession; chatId: string; agentChatId: string }> {
  const webhookHub = recordingSubscriptions(world.webhookHub);
  const session = createMobileServiceCloudServiceDesk(world.options, { webhookHub, store: world.store, logger });
  sessions.push(session);
  // The simulated bot's prechat dialog asks for these before it hands over.
  await session.startChat(connectMessage(topic), { preStartChatPayload: { name: 'Ada Lovelace', email: 'ada@example.com' } });
  const { chatId } = await world.simulator.agent.waitForChat(topic);
  return { session, chatId: webhookHub.keys.at(-1) ?? '', agentChatId: chatId };
}

function documentedDeliveries(): Record<string, unknown>[] {
  const base = { ChatId: VICTIM, Channel: world.options.channel, From: 'msc', To: world.options.channelAdapterId, Timestamp: '2026-12-06T21:00:00.000Z' };
  const agent = { Id: 'agent-fuzz', Name: 'Fuzz' };
  return [
    { ...base, Id: 'fuzz-text', Type: 'text', Text: 'Hello', Agent: agent },
    { ...base, Id: 'fuzz-text-sequenced', Sequence: 3, Type: 'text', Text: 'Later' },
    { ...base, Id: 'fuzz-typing', Type: 'typing', IsTyping: true },
    { ...base, Id: 'fuzz-joined', Type: 'event', Event: 'agentJoined', Agent: agent },
    { ...base, Id: 'fuzz-transfer', Sequence: 2, Type: 'event', Event: 'transferStarted' },
    { ...base, Id: 'fuzz-left', Type: 'event', Event: 'agentLeft' },
  ];
}

const KEYS = ['Id', 'ChatId', 'Channel', 'From', 'To', 'Timestamp', 'Sequence', 'Type', 'Text', 'Agent', 'IsTyping', 'Event', 'Name'];

type Token = 'valid' | 'wrong' | 'missing';

function delivery() {
  return fc.record({
    body: fc.oneof(
      { weight: 6, arbitrary: mutatedFrame(documentedDeliveries(), KEYS).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: mutatedFrame(documentedDeliveries(), ['Sequence'], fc.integer({ min: -5, max: 2 ** 31 })).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
    ),
    token: fc.constantFrom<Token>('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'wrong', 'missing'),
    headers: fc.dictionary(fc.oneof(fc.constantFrom('content-type', 'authorization', 'x-cm-signature'), fc.string()), hostileText, { maxKeys: 3 }),
  });
}

/** The answer a delivery deserves, and whether it reaches the victim's desk. */
function expectedAnswer(token: Token, text: string, live: readonly string[], victim: string): { status: number; reachesVictim: boolean } {
  if (token !== 'valid') return { status: 403, reachesVictim: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, reachesVictim: false };
  }
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { ChatId?: unknown; Sequence?: unknown }) : {};
  const chatId = object.ChatId;
  if (typeof chatId !== 'string' || chatId.length === 0) return { status: 400, reachesVictim: false };
  // A delivery with a usable Sequence is kept for the chat's next desk, so it is taken even when no desk listens.
  const kept = typeof object.Sequence === 'number' && Number.isSafeInteger(object.Sequence) && object.Sequence > 0;
  return { status: live.includes(chatId) || kept ? 201 : 404, reachesVictim: chatId === victim };
}

test(`${FUZZ_RUNS} fuzzed router deliveries with the product token: the answer each deserves, PROTOCOL_ERROR for each malformed one, and another chat goes on`, async () => {
  let victim = await startChat('Fuzzed 0');
  const other = await startChat('Unaffected');
  await world.simulator.agent.accept(other.agentChatId, { id: 'agent-sam', name: 'Sam' });
  let restarts = 0;

  await fc.assert(
    fc.asyncProperty(delivery(), async ({ body, token, headers }) => {
      // A valid delivery may end the chat (conversationEnded): the next ones go to a new one.
      if (victim.session.state === 'ended') victim = await startChat(`Fuzzed ${(restarts += 1)}`);
      const text = body.replaceAll(VICTIM, victim.chatId);
      const tokenHeader = token === 'valid' ? world.options.productToken : `${world.options.productToken}x`;
      const request = {
        method: 'POST',
        url: `http://127.0.0.1/webhooks/mobile-service-cloud${MESSAGE_WEBHOOK_PATH}`,
        headers: { ...headers, ...(token === 'missing' ? {} : { [PRODUCT_TOKEN_HEADER]: tokenHeader }) },
        rawBody: Buffer.from(text, 'utf8'),
      };
      if (token === 'missing') delete request.headers[PRODUCT_TOKEN_HEADER];
      const before = victim.session.events.lastSeq;
      const response = await route.handle(request);
      const decoded = request.rawBody.toString('utf8');
      const expected = expectedAnswer(token, decoded, [victim.chatId, other.chatId], victim.chatId);
      expect(response.status).toBe(expected.status);
      if (expected.reachesVictim && !twoWayMessageSchema.safeParse(JSON.parse(decoded)).success) {
        expect(reportedErrors(victim.session, before)).toContain('PROTOCOL_ERROR');
      }
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  await expectAgentReaches(other.session, (text) => world.simulator.agent.say(other.agentChatId, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
