import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub, type WebhookRoute } from '@byosd/core';
import { startWebhookHost, type WebhookHost } from '@byosd/simulators';
import { chatvisorAdapter } from '../src/index.js';
import { webhookBodySchema } from '../protocol/index.js';
import { ChatvisorSimulator, chatvisorOptionsFor, deliverChatvisorWebhooksTo } from '../testbed/index.js';
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
 * Property-based fuzzing of Chatvisor's webhooks, bodies and headers, as the adapter reads them (issue 11), with
 * the HMAC a relay adds (`webhookHmacSecret`) switched on so that the headers matter. Each delivery goes to one of
 * the three routes with extra headers of any name and value and, mostly, a valid HMAC of its body (else a wrong,
 * padded, re-cased or missing one); its body is a documented webhook body (addressed to a live chat) with one
 * field set to any JSON or removed, any JSON, or any bytes. The route answers exactly as the delivery deserves
 * (403 for a bad HMAC, 400 for a body that is not JSON or names no customer, else 200); a body that reaches the
 * chat but breaks the webhook schema is reported to it as PROTOCOL_ERROR; nothing throws, is left rejected or is
 * logged as failing; and another chat on the same webhook hub still gets its agent's message.
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const SECRET = 'fuzz-relay-secret-fuzz-relay-secret';
const HEADER = 'x-relay-signature';
/** Stands for the victim chat's customerId in generated bodies. */
const VICTIM = 'victim-customer';

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
const hub = createMemoryWebhookHub();
let simulator: ChatvisorSimulator;
let host: WebhookHost;
let options: Record<string, unknown>;
let routes: WebhookRoute[];
const sessions: ChatSession[] = [];

beforeAll(async () => {
  unhandled.start();
  simulator = new ChatvisorSimulator({ seed: 11 });
  await simulator.start();
  options = { ...chatvisorOptionsFor(simulator), webhookHmacSecret: SECRET, webhookHmacHeader: HEADER, retryDelayMs: 10, pollIntervalMs: 50 };
  const parsed = chatvisorAdapter.optionsSchema.parse(options);
  host = await startWebhookHost({ plugin: chatvisorAdapter, options: parsed, webhookHub: hub });
  deliverChatvisorWebhooksTo(simulator, host.baseUrl, { secret: SECRET, header: HEADER });
  routes = chatvisorAdapter.webhooks?.({ options: parsed, webhookHub: hub, logger }) ?? [];
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await host?.close();
  await simulator?.stop();
});

async function startChat(topic: string): Promise<{ session: ChatSession; customerId: string }> {
  const session = openSession(chatvisorAdapter, options, hub, logger);
  sessions.push(session);
  await session.startChat(connectMessage(topic), {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  return { session, customerId: chatId };
}

const documentedBodies = [
  { customerId: VICTIM, status: 'UNREAD', lastMessage: { test: 'Hello' }, url: 'https://app.chatvisor.com/c' },
  { customerId: VICTIM, status: 'DONE', lastMessage: { text: 'Bye' }, url: 'https://app.chatvisor.com/c' },
  { customerId: VICTIM, status: 'UNRESOLVED', lastMessage: null, url: '' },
];

const body = fc.oneof(
  {
    weight: 6,
    arbitrary: mutatedFrame(documentedBodies, ['customerId', 'status', 'lastMessage', 'url', 'test', 'text']).map((value) => JSON.stringify(value)),
  },
  { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
  { weight: 1, arbitrary: hostileText },
);

type Signing = 'valid' | 'padded' | 'upper-case' | 'wrong' | 'missing';
const signing = fc.constantFrom<Signing>('valid', 'valid', 'valid', 'valid', 'valid', 'padded', 'upper-case', 'wrong', 'missing');

const delivery = fc.record({
  route: fc.nat(),
  body,
  signing,
  headers: fc.dictionary(fc.oneof(fc.constantFrom('content-type', 'x-forwarded-for', 'x-chatvisor-signature', 'authorization'), fc.string()), hostileText, {
    maxKeys: 4,
  }),
});

function hmacOf(raw: Buffer): string {
  return `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
}

function signatureHeader(kind: Signing, raw: Buffer): Record<string, string> {
  const valid = hmacOf(raw);
  switch (kind) {
    case 'valid':
      return { [HEADER]: valid };
    case 'padded':
      return { [HEADER]: ` ${valid}\t` };
    case 'upper-case':
      return { [HEADER]: valid.toUpperCase() };
    case 'wrong':
      return { [HEADER]: hmacOf(Buffer.concat([raw, Buffer.from(' ')])) };
    case 'missing':
      return {};
  }
}

/** The answer a delivery deserves, and whether it reaches the victim's desk. */
function expectedAnswer(kind: Signing, text: string, victim: string): { status: number; reachesVictim: boolean } {
  if (kind !== 'valid' && kind !== 'padded') return { status: 403, reachesVictim: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, reachesVictim: false };
  }
  const customerId = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { customerId?: unknown }).customerId : undefined;
  if (typeof customerId !== 'string' || customerId.length === 0) return { status: 400, reachesVictim: false };
  return { status: 200, reachesVictim: customerId === victim };
}

test(`${FUZZ_RUNS} fuzzed webhook bodies and headers: the answer each deserves, PROTOCOL_ERROR for each malformed body, and another chat goes on`, async () => {
  const victim = await startChat('Fuzzed');
  const other = await startChat('Unaffected');
  await simulator.agent.accept(other.customerId, { id: 'ada@example.com', name: 'Ada' });

  await fc.assert(
    fc.asyncProperty(delivery, async ({ route: pick, body: generated, signing: kind, headers }) => {
      const route = routes[pick % routes.length] as WebhookRoute;
      const text = generated.replaceAll(VICTIM, victim.customerId);
      const raw = Buffer.from(text, 'utf8');
      // The signature header wins over a fuzzed header of the same name: the case is about the signature kind.
      const request = {
        method: 'POST',
        url: `${host.baseUrl}/webhooks/chatvisor${route.path}`,
        headers: { ...headers, ...signatureHeader(kind, raw) },
        rawBody: raw,
      };
      if (kind === 'missing') delete request.headers[HEADER];
      const before = victim.session.events.lastSeq;
      const response = await route.handle(request);
      const expected = expectedAnswer(kind, raw.toString('utf8'), victim.customerId);
      expect(response.status).toBe(expected.status);
      if (expected.reachesVictim && !webhookBodySchema.safeParse(JSON.parse(raw.toString('utf8'))).success) {
        expect(reportedErrors(victim.session, before)).toContain('PROTOCOL_ERROR');
      }
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  // A webhook only tells the desk to read the conversation: however forged its body, it cannot end the chat.
  expect(victim.session.state).not.toBe('ended');
  await expectAgentReaches(other.session, (text) => simulator.agent.say(other.customerId, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
