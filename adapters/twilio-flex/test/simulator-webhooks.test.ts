import { computeTwilioSignature, parseFormParams } from '@byosd/adapter-twilio-flex';
import { configureConversationWebhook, TwilioFlexSimulator } from '../testbed/index.js';
import { SimulatorServer } from '@byosd/simulators';

/** A receiver of the simulator's webhooks: answers each delivery with the next status of `statuses` (then 200). */
async function startReceiver(statuses: number[]) {
  const server = new SimulatorServer();
  const deliveries: Array<{ fields: Record<string, string | string[]>; signature: string | undefined }> = [];
  let notify: () => void = () => undefined;
  server.app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, parseFormParams(String(body))),
  );
  server.app.post('/events', async (request, reply) => {
    deliveries.push({ fields: request.body as Record<string, string | string[]>, signature: request.headers['x-twilio-signature'] as string | undefined });
    notify();
    return reply.code(statuses.shift() ?? 200).send('');
  });
  const urls = await server.start();
  return {
    url: `${urls.http}/events`,
    deliveries,
    /** Resolves once `count` deliveries have arrived. */
    received: (count: number) =>
      new Promise<void>((resolve) => {
        notify = () => {
          if (deliveries.length >= count) resolve();
        };
        notify();
      }),
    stop: () => server.stop(),
  };
}

describe('the Twilio Flex simulator: webhook delivery', () => {
  it('signs each delivery over the configured URL, and retries one that failed', async () => {
    const simulator = new TwilioFlexSimulator({ seed: 3 });
    await simulator.start();
    const receiver = await startReceiver([503]);
    try {
      await configureConversationWebhook(simulator, receiver.url);
      const { addressSid } = simulator.resources;
      const { accountSid, authToken } = simulator.credentials;
      const response = await fetch(`${simulator.baseUrls.flexApi}/v2/WebChats`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ AddressSid: addressSid, ChatFriendlyName: 'Signed', Identity: 'guest-1' }),
      });
      const chatId = String(((await response.json()) as { conversation_sid: string }).conversation_sid);
      await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
      await receiver.received(2);
      const [first, retry] = receiver.deliveries;
      expect(first?.fields).toMatchObject({
        EventType: 'onParticipantAdded',
        ConversationSid: chatId,
        Identity: 'ada@example.com',
        Source: 'SDK',
        ClientIdentity: 'ada@example.com',
      });
      expect(retry?.fields).toEqual(first?.fields);
      expect(first?.signature).toBe(computeTwilioSignature(authToken, receiver.url, first?.fields ?? {}));
    } finally {
      await simulator.stop();
      await receiver.stop();
    }
  });

  /**
   * The parameter set of each event type, as Twilio documents it: the Conversations webhooks reference
   * (twilio.com/docs/conversations/conversations-webhooks: AccountSid, EventType, Source, ClientIdentity on every
   * SDK-triggered event) and the Event Streams schemas of the same events (events-schemas.twilio.com,
   * Conversations.MessageAdded, ParticipantAdded, ParticipantUpdated, ParticipantRemoved, ConversationStateUpdated).
   * Fields Twilio sends only for features the simulator lacks (MessagingServiceSid, MessagingBinding.*, Media) are
   * absent, as Twilio omits them for a web chat.
   */
  const common = ['AccountSid', 'ChatServiceSid', 'ConversationSid', 'EventType', 'Source', 'ClientIdentity'];
  const participant = ['ParticipantSid', 'Identity', 'RoleSid', 'Attributes', 'DateCreated'];
  const documented: Record<string, string[]> = {
    onParticipantAdded: [...common, ...participant],
    onMessageAdded: [...common, 'MessageSid', 'Index', 'DateCreated', 'Body', 'Author', 'ParticipantSid', 'Attributes'],
    onParticipantUpdated: [...common, ...participant, 'DateUpdated', 'LastReadMessageIndex'],
    onParticipantRemoved: [...common, ...participant, 'DateUpdated'],
    onConversationStateUpdated: [...common, 'StateFrom', 'StateTo', 'Reason', 'StateUpdated'],
  };

  it('posts each event type with the parameter set Twilio documents for it', async () => {
    const simulator = new TwilioFlexSimulator({ seed: 4 });
    await simulator.start();
    const receiver = await startReceiver([]);
    try {
      await configureConversationWebhook(simulator, receiver.url);
      const { addressSid } = simulator.resources;
      const { accountSid, authToken } = simulator.credentials;
      const response = await fetch(`${simulator.baseUrls.flexApi}/v2/WebChats`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ AddressSid: addressSid, ChatFriendlyName: 'Parameters', Identity: 'guest-2' }),
      });
      const chatId = String(((await response.json()) as { conversation_sid: string }).conversation_sid);
      await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
      await simulator.agent.say(chatId, 'Hello');
      await simulator.agent.read(chatId);
      await simulator.agent.leave(chatId);
      await simulator.agent.end(chatId);
      await receiver.received(5);
      const byType = new Map(receiver.deliveries.map(({ fields }) => [String(fields['EventType']), fields]));
      for (const [eventType, names] of Object.entries(documented)) {
        expect({ eventType, fields: Object.keys(byType.get(eventType) ?? {}).sort() }).toEqual({ eventType, fields: [...names].sort() });
      }
      expect(byType.get('onConversationStateUpdated')).toMatchObject({
        StateFrom: 'active',
        StateTo: 'closed',
        Reason: 'EVENT',
        StateUpdated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(byType.get('onParticipantAdded')?.['RoleSid']).toMatch(/^RL[0-9a-f]{32}$/);
    } finally {
      await simulator.stop();
      await receiver.stop();
    }
  });
});
