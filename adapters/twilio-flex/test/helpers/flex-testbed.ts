import { type ChatEventOf, type ChatEventType, type ChatSession, connectMessage, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { configureConversationWebhook, TwilioFlexSimulator, twilioFlexOptionsFor } from '../../testbed/index.js';
import { startWebhookHost } from '@byosd/simulators';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter } from '../../src/index.js';

export interface FlexTestbed {
  simulator: TwilioFlexSimulator;
  /** A chat session of the adapter, loaded as users load it. */
  desk: ChatSession;
  /** Another chat session on the same registry and webhook host (as another gateway instance would load it). */
  loadDesk(): Promise<ChatSession>;
  /** A REST call to the simulator with the account's credentials (form fields), as another Twilio client makes it. */
  twilio(path: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The adapter loaded through a registry (as `loadServiceDesk` does), against a Twilio simulator whose webhooks
 * reach the adapter's route on a webhook host sharing the registry's hub.
 */
export async function startFlexTestbed(startMode: 'web-chats' | 'interactions'): Promise<FlexTestbed> {
  const simulator = new TwilioFlexSimulator({ seed: 5 });
  await simulator.start();
  const registry = new ServiceDeskRegistry().register(twilioFlexAdapter);
  const options = { ...twilioFlexOptionsFor(simulator, startMode), retryDelayMs: 10, queuePollIntervalMs: 50 };
  const host = await startWebhookHost({ plugin: twilioFlexAdapter, options: twilioFlexAdapter.optionsSchema.parse(options), webhookHub: registry.webhookHub });
  await configureConversationWebhook(simulator, `${host.baseUrl}${CONVERSATION_EVENTS_PATH}`);
  const desk = await registry.load('twilio-flex', options);
  const { accountSid, authToken } = simulator.credentials;
  return {
    simulator,
    desk,
    loadDesk: () => registry.load('twilio-flex', options),
    twilio: (path, fields, headers = {}) =>
      fetch(`${simulator.baseUrls.conversations}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body: new URLSearchParams(fields),
      }),
    async close() {
      await desk.endChat().catch(() => undefined);
      await simulator.stop();
      await host.close();
    },
  };
}

/** The first event of `type` (matching `where`) in the chat so far, or the next one. */
export function nextEvent<T extends ChatEventType>(
  session: ChatSession,
  type: T,
  where: (event: ChatEventOf<T>) => boolean = () => true,
): Promise<ChatEventOf<T>> {
  return waitForEvent<ChatEventOf<T>>(session.events, (event): event is ChatEventOf<T> => event.type === type && where(event as ChatEventOf<T>), type, {
    timeoutMs: 5000,
    afterSeq: 0,
  });
}

/** Starts a chat about `topic` on the testbed's desk and has agent Ada accept it; resolves with Flex's chat id once the desk saw her join. */
export async function startAcceptedChat({ desk, simulator }: FlexTestbed, topic: string): Promise<string> {
  await desk.startChat(connectMessage(topic), {});
  const [waiting] = await simulator.agent.chats('waiting');
  const chatId = waiting?.chatId ?? '';
  await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
  await nextEvent(desk, 'agentJoined');
  return chatId;
}
