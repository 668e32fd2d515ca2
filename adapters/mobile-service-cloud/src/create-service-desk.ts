import {
  type AdapterStore,
  ChatSession,
  createMemoryWebhookHub,
  type Logger,
  parseOrThrow,
  randomId,
  silentLogger,
  type WebhookHub,
  ErrorCode,
} from '@byosd/core';
import { type MobileServiceCloudOptionsInput } from './mobile-service-cloud-options.js';
import { mobileServiceCloudAdapter } from './plugin.js';

export interface MobileServiceCloudHost {
  /** The hub the adapter's message webhook publishes to (mount `mobileServiceCloudAdapter.webhooks` with the same hub). */
  webhookHub?: WebhookHub;
  /** Where the 24-hour handover lock and MSC's rate limits are kept; share one across processes to make both hold across them. */
  store?: AdapterStore;
  logger?: Logger;
  chatId?: string;
}

/**
 * A Mobile Service Cloud desk inside core's chat session, for a server that embeds the adapter without the
 * gateway: options are parsed (INVALID_OPTIONS names each bad field); subscribe to `session.events`.
 */
export function createMobileServiceCloudServiceDesk(options: MobileServiceCloudOptionsInput, host: MobileServiceCloudHost = {}): ChatSession {
  const parsed: unknown = parseOrThrow(
    mobileServiceCloudAdapter.optionsSchema,
    options,
    ErrorCode.INVALID_OPTIONS,
    'Invalid options for adapter "mobile-service-cloud"',
  );
  return new ChatSession({
    plugin: mobileServiceCloudAdapter,
    options: parsed,
    chatId: host.chatId ?? randomId(),
    logger: host.logger ?? silentLogger,
    webhookHub: host.webhookHub ?? createMemoryWebhookHub(),
    ...(host.store ? { store: host.store } : {}),
  });
}
