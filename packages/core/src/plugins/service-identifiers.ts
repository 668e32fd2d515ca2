import type { ServiceIdentifier } from 'inversify';
import type { Logger } from '../util/logger.js';
import type { WebhookHub } from '../webhooks/webhook-hub.js';
import type { AdapterPlugin } from '../contract/adapter-plugin.js';

/**
 * The inversify service identifiers of byosd. A host that runs its own container binds `Logger` and
 * `WebhookHub` to its implementations before creating a registry on it; adapters receive them in their context.
 */
export const ServiceIdentifiers = {
  /** Each registered adapter plugin, bound under its `name` (`container.get(AdapterPlugin, { name })`). */
  AdapterPlugin: Symbol.for('byosd.AdapterPlugin') as ServiceIdentifier<AdapterPlugin>,
  /** Every registered adapter plugin, unnamed, for listing (`container.getAll(AdapterPlugins)`). */
  AdapterPlugins: Symbol.for('byosd.AdapterPlugins') as ServiceIdentifier<AdapterPlugin>,
  Logger: Symbol.for('byosd.Logger') as ServiceIdentifier<Logger>,
  WebhookHub: Symbol.for('byosd.WebhookHub') as ServiceIdentifier<WebhookHub>,
} as const;
