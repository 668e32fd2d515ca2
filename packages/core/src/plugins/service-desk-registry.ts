import 'reflect-metadata';
import type { Container } from 'inversify';
import { ErrorCode } from '../errors/error-codes.js';
import { isServiceDeskError, ServiceDeskError } from '../errors/service-desk-error.js';
import { parseOrThrow } from '../errors/zod-issues.js';
import { ChatSession } from '../session/chat-session.js';
import type { ServiceDeskCallback } from '../contract/service-desk-callback.js';
import { createConsoleLogger, type Logger } from '../util/logger.js';
import { randomId } from '../util/random-id.js';
import { createMemoryWebhookHub, type WebhookHub } from '../webhooks/webhook-hub.js';
import { dispatchToCallback } from '../bus/dispatch-to-callback.js';
import { adapterModule } from './adapter-module.js';
import type { AdapterPlugin } from '../contract/adapter-plugin.js';
import { findPluginExport } from './find-plugin-export.js';
import { loadInversify } from './inversify.js';
import { ServiceIdentifiers } from './service-identifiers.js';
import { validatePlugin } from './validate-plugin.js';

/** Per-chat settings for `loadServiceDesk`. */
export interface LoadServiceDeskParams {
  /** The chat's id; generated when absent. Pass the persisted id to resume a chat under the same id. */
  chatId?: string;
  /** How long `areAnyAgentsOnline` may take before it answers null. Default 5000 ms. */
  availabilityTimeoutMs?: number;
  /** Events held for replay. Default 1000. */
  eventBufferSize?: number;
  /** The registry to load from. Default: the shared `defaultRegistry`. */
  registry?: ServiceDeskRegistry;
}

/** How a {@link ServiceDeskRegistry} is built. */
export interface ServiceDeskRegistryOptions {
  /** Your own inversify container; byosd binds its plugins into it. Default: a new one. */
  container?: Container;
  /** Imports a module by specifier. Default: dynamic `import()`. */
  importModule?: (specifier: string) => Promise<unknown>;
}

/** Module specifiers are recognised by their shape; anything else is an adapter name. */
function looksLikeModuleSpecifier(nameOrSpecifier: string): boolean {
  return /^(\.{1,2}\/|\/|file:|@)/.test(nameOrSpecifier) || nameOrSpecifier.includes('/') || /\.[cm]?js$/.test(nameOrSpecifier);
}

/**
 * Holds the adapter plugins of an application in an inversify container (one `ContainerModule` per adapter)
 * and loads chat sessions from them.
 */
export class ServiceDeskRegistry {
  private ownContainer: Container | undefined;
  private readonly importModule: (specifier: string) => Promise<unknown>;
  private readonly loadedSpecifiers = new Map<string, string>();

  constructor(options: ServiceDeskRegistryOptions = {}) {
    this.importModule = options.importModule ?? ((specifier) => import(specifier));
    if (options.container) this.ownContainer = withDefaults(options.container);
  }

  /** The container the plugins are bound in: yours, or one made at first use (which loads inversify). */
  get container(): Container {
    return (this.ownContainer ??= withDefaults(new (loadInversify().Container)()));
  }

  /**
   * Registers a plugin. Registering the same plugin object again is a no-op.
   * @throws INVALID_PLUGIN when the plugin breaks the contract, or another plugin already has its name.
   */
  register(plugin: AdapterPlugin): this {
    validatePlugin(plugin);
    if (this.has(plugin.name)) {
      if (this.get(plugin.name) === plugin) return this;
      throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `An adapter named "${plugin.name}" is already registered`);
    }
    this.container.load(adapterModule(plugin));
    return this;
  }

  /** Whether a plugin is registered under `name`. */
  has(name: string): boolean {
    return this.container.isBound(ServiceIdentifiers.AdapterPlugin, { name });
  }

  /** @throws UNKNOWN_ADAPTER listing the registered adapters. */
  get(name: string): AdapterPlugin {
    if (!this.has(name)) throw this.unknownAdapter(name);
    return this.container.get(ServiceIdentifiers.AdapterPlugin, { name });
  }

  /** The registered adapter names, sorted. */
  names(): string[] {
    return this.plugins()
      .map((plugin) => plugin.name)
      .sort();
  }

  /** Every registered plugin. */
  plugins(): AdapterPlugin[] {
    return this.container.getAll(ServiceIdentifiers.AdapterPlugins, { optional: true });
  }

  /** The logger handed to the plugins. */
  get logger(): Logger {
    return this.container.get(ServiceIdentifiers.Logger);
  }

  /** Where webhook routes hand events to desks. */
  get webhookHub(): WebhookHub {
    return this.container.get(ServiceIdentifiers.WebhookHub);
  }

  /**
   * Finds a plugin by registered name, else imports it: a module specifier (a path or package name) as given,
   * a bare name as the package `@byosd/adapter-<name>`. An imported plugin is registered.
   * @throws UNKNOWN_ADAPTER listing the registered adapters when nothing could be found.
   */
  async resolve(nameOrSpecifier: string): Promise<AdapterPlugin> {
    if (this.has(nameOrSpecifier)) return this.get(nameOrSpecifier);
    const known = this.loadedSpecifiers.get(nameOrSpecifier);
    if (known !== undefined) return this.get(known);
    const specifier = looksLikeModuleSpecifier(nameOrSpecifier) ? nameOrSpecifier : `@byosd/adapter-${nameOrSpecifier}`;
    let module: unknown;
    try {
      module = await this.importModule(specifier);
    } catch (error) {
      throw this.unknownAdapter(nameOrSpecifier, error);
    }
    const plugin = findPluginExport(module);
    if (!plugin) {
      throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `Module "${specifier}" does not export an adapter plugin (export default defineAdapter({...}))`);
    }
    this.register(plugin);
    this.loadedSpecifiers.set(nameOrSpecifier, plugin.name);
    return plugin;
  }

  /**
   * Creates a chat session for an adapter: validates `options` with the plugin's schema (INVALID_OPTIONS names
   * every bad field), creates the desk inside a `ChatSession`, and subscribes `callback` to its events.
   */
  async load(nameOrSpecifier: string, options: unknown, callback?: Partial<ServiceDeskCallback>, params: LoadServiceDeskParams = {}): Promise<ChatSession> {
    const plugin = await this.resolve(nameOrSpecifier);
    const parsedOptions = parseOrThrow(plugin.optionsSchema, options ?? {}, ErrorCode.INVALID_OPTIONS, `Invalid options for adapter "${plugin.name}"`);
    const session = new ChatSession({
      plugin,
      options: parsedOptions,
      chatId: params.chatId ?? randomId(),
      logger: this.logger,
      webhookHub: this.webhookHub,
      ...(params.availabilityTimeoutMs === undefined ? {} : { availabilityTimeoutMs: params.availabilityTimeoutMs }),
      ...(params.eventBufferSize === undefined ? {} : { eventBufferSize: params.eventBufferSize }),
    });
    if (callback) session.events.subscribe((event) => dispatchToCallback(event, callback));
    return session;
  }

  private unknownAdapter(name: string, cause?: unknown): ServiceDeskError {
    const names = this.names();
    const list = names.length > 0 ? names.join(', ') : 'none';
    const detail = cause === undefined || isServiceDeskError(cause) ? '' : ` (import failed: ${cause instanceof Error ? cause.message : String(cause)})`;
    return new ServiceDeskError(ErrorCode.UNKNOWN_ADAPTER, `Unknown adapter "${name}". Registered adapters: ${list}${detail}`, {
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** Binds the logger and webhook hub the plugins get, unless `container` has its own. */
function withDefaults(container: Container): Container {
  if (!container.isBound(ServiceIdentifiers.Logger)) container.bind(ServiceIdentifiers.Logger).toConstantValue(createConsoleLogger('warn'));
  if (!container.isBound(ServiceIdentifiers.WebhookHub)) container.bind(ServiceIdentifiers.WebhookHub).toConstantValue(createMemoryWebhookHub());
  return container;
}

/** The registry that `loadServiceDesk` uses unless told otherwise. */
export const defaultRegistry = new ServiceDeskRegistry();

/**
 * Loads an adapter by registered name or module specifier and returns a chat session that implements the whole
 * `ServiceDesk` interface. The widget's entry point.
 *
 * ```ts
 * const desk = await loadServiceDesk('genesys-cloud', { deploymentId, region }, { agentJoined, sendMessageToUser });
 * await desk.startChat(connectMessage('Billing question'), {});
 * ```
 */
export function loadServiceDesk(
  nameOrSpecifier: string,
  options: unknown,
  callback?: Partial<ServiceDeskCallback>,
  params: LoadServiceDeskParams = {},
): Promise<ChatSession> {
  return (params.registry ?? defaultRegistry).load(nameOrSpecifier, options, callback, params);
}
