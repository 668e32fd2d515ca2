import { type ChatEventOf, type ChatEventType, type ChatSession, messageText, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { startWebhookHost, type WebhookHost } from '@byosd/simulators';
import { chatvisorAdapter, type ChatvisorOptionsInput } from '../../src/index.js';
import { ChatvisorSimulator, chatvisorOptionsFor, deliverChatvisorWebhooksTo } from '../../testbed/index.js';

export interface ChatvisorTestbed {
  simulator: ChatvisorSimulator;
  registry: ServiceDeskRegistry;
  host: WebhookHost;
  options: ChatvisorOptionsInput;
  /** A chat session of the adapter, loaded as users load it. */
  load(): Promise<ChatSession>;
  close(): Promise<void>;
}

/**
 * The adapter loaded through a registry (as `loadServiceDesk` does), against a Chatvisor simulator whose webhooks
 * reach the adapter's routes on a webhook host sharing the registry's hub.
 */
export async function startChatvisorTestbed(
  extra: Partial<ChatvisorOptionsInput> = {},
  signing?: { secret: string; header: string },
): Promise<ChatvisorTestbed> {
  const simulator = new ChatvisorSimulator({ seed: 3 });
  await simulator.start();
  const registry = new ServiceDeskRegistry().register(chatvisorAdapter);
  const options: ChatvisorOptionsInput = {
    ...chatvisorOptionsFor(simulator),
    retryDelayMs: 10,
    pollIntervalMs: 50,
    safetyPollIntervalMs: 5000,
    webhookTimeoutMs: 300,
    ...extra,
  };
  const host = await startWebhookHost({ plugin: chatvisorAdapter, options: chatvisorAdapter.optionsSchema.parse(options), webhookHub: registry.webhookHub });
  deliverChatvisorWebhooksTo(simulator, host.baseUrl, signing);
  const sessions: ChatSession[] = [];
  return {
    simulator,
    registry,
    host,
    options,
    async load() {
      const session = await registry.load('chatvisor', options);
      sessions.push(session);
      return session;
    },
    async close() {
      for (const session of sessions) await session.endChat().catch(() => undefined);
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

/** The texts of the agent messages the user has received so far. */
export function agentTextsOf(session: ChatSession): string[] {
  return session.events.replay(0).flatMap((event) => (event.type === 'sendMessageToUser' ? [messageText(event.message)] : []));
}
