import type * as z from 'zod/mini';
import type { CapabilityManifest } from './capability-manifest.js';
import type { ServiceDesk } from './service-desk.js';
import type { ServiceDeskCallback } from './service-desk-callback.js';
import type { SpecVersion } from './spec-version.js';
import type { Logger } from '../util/logger.js';
import type { WebhookHub } from '../webhooks/webhook-hub.js';
import type { WebhookRoute } from '../webhooks/webhook-route.js';
import type { AdapterStore } from '../plugins/adapter-store.js';

/** Where an adapter can run: in the page, on a server, or both. An adapter that holds a secret is `node`. */
export type AdapterRuntime = 'browser' | 'node' | 'both';

/** What a desk instance receives when a chat session creates it. */
export interface AdapterContext<Options> {
  /** The options, already parsed by the plugin's `optionsSchema` (defaults applied). */
  options: Options;
  /** Where the adapter reports what happens. Checked by the chat session; never throws. */
  callback: ServiceDeskCallback;
  /** The chat session's id, for logs and backend correlation. */
  chatId: string;
  /** The plugin's declared capabilities. */
  capabilities: CapabilityManifest;
  logger: Logger;
  /** Where this adapter's webhook routes deliver events for a chat (see `WebhookHub`). */
  webhookHub: WebhookHub;
  /** The host's store for this adapter's small cross-chat data (the gateway provides one; absent elsewhere). */
  store?: AdapterStore;
}

/** What a plugin's webhook routes receive. */
export interface WebhookContext<Options> {
  options: Options;
  webhookHub: WebhookHub;
  logger: Logger;
  /** The same store as `AdapterContext.store`, when the host has one. */
  store?: AdapterStore;
}

/** A desk class: constructed once per chat session. */
export type ServiceDeskClass<Options> = new (context: AdapterContext<Options>) => ServiceDesk;

/** What every plugin says about itself. */
export interface AdapterDescription<Schema extends z.core.$ZodType> {
  /** Lowercase, kebab-case; also the folder under `/webhooks/` on the gateway. */
  name: string;
  /** The adapter package's version. */
  version: string;
  /** The contract version the adapter implements. */
  specVersion: SpecVersion;
  /** One line for listings. */
  description?: string;
  /** Parses the options a user passes to `loadServiceDesk`. Give every field a `.describe()`: docs are built from them. */
  optionsSchema: Schema;
  capabilities: CapabilityManifest;
  runtime: AdapterRuntime;
  /**
   * Option keys that hold secrets: the gateway never sends them to a client or writes them to a log. Each must be
   * a key of `optionsSchema` (checked when the plugin is defined).
   */
  secretOptions?: readonly string[];
  /** The HTTP routes this adapter needs its host to mount (webhooks), when it receives events that way. */
  webhooks?(context: WebhookContext<z.output<Schema>>): WebhookRoute[];
}

/** What an adapter author writes (see `defineAdapter`). */
export interface AdapterDefinition<Schema extends z.core.$ZodType> extends AdapterDescription<Schema> {
  /** The desk class. Its prototype is checked against the capabilities when the plugin is registered. */
  serviceDesk: ServiceDeskClass<z.output<Schema>>;
}

/** A registered-ready plugin: the description plus a factory. Default-export one from an adapter package. */
export interface AdapterPlugin<Schema extends z.core.$ZodType = z.core.$ZodType> extends AdapterDescription<Schema> {
  /** The desk class, kept so that registries can check its methods; create desks with `create`. */
  readonly serviceDesk: { readonly prototype: object };
  /** Creates a desk instance for one chat. */
  create(context: AdapterContext<z.output<Schema>>): ServiceDesk;
}
