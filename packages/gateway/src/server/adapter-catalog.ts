import { type AdapterPlugin, ErrorCode, type JsonObject, type Logger, parseOrThrow, ServiceDeskError, ServiceDeskRegistry, validatePlugin } from '@byosd/core';

/** An adapter the gateway offers: its plugin and its server-side options, parsed once at start-up. */
export interface HostedAdapter {
  plugin: AdapterPlugin;
  options: unknown;
}

/**
 * The adapters a gateway offers, by plugin name. Built at start-up, so a missing adapter or a bad option stops
 * the gateway before it accepts a chat; clients only ever name an adapter, never pass its options.
 */
export class AdapterCatalog {
  private constructor(private readonly adapters: ReadonlyMap<string, HostedAdapter>) {}

  /**
   * Resolves each configured adapter (registered plugins first, else imported by name or module specifier) and
   * parses its options. @throws UNKNOWN_ADAPTER, INVALID_PLUGIN or INVALID_OPTIONS naming the adapter.
   */
  static async load(configured: Record<string, JsonObject>, plugins: readonly AdapterPlugin[], logger: Logger): Promise<AdapterCatalog> {
    // The plugins handed over, checked as a registry checks them. A registry itself (it loads inversify, a third of
    // a second of start-up) is made only when a configured adapter is not among them and has to be imported.
    const given = new Map<string, AdapterPlugin>();
    for (const plugin of plugins) {
      validatePlugin(plugin);
      if (given.has(plugin.name) && given.get(plugin.name) !== plugin) {
        throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `An adapter named "${plugin.name}" is already registered`);
      }
      given.set(plugin.name, plugin);
    }
    let registry: ServiceDeskRegistry | undefined;
    const resolve = async (nameOrSpecifier: string): Promise<AdapterPlugin> => {
      registry ??= [...given.values()].reduce((loaded, plugin) => loaded.register(plugin), new ServiceDeskRegistry());
      return registry.resolve(nameOrSpecifier);
    };
    const adapters = new Map<string, HostedAdapter>();
    for (const [nameOrSpecifier, options] of Object.entries(configured)) {
      const plugin = given.get(nameOrSpecifier) ?? (await resolve(nameOrSpecifier));
      if (plugin.runtime === 'browser') {
        throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `Adapter "${plugin.name}" runs in the browser only and cannot be hosted by the gateway`);
      }
      const parsed = parseOrThrow(
        plugin.optionsSchema,
        options,
        ErrorCode.INVALID_OPTIONS,
        `Invalid options for adapter "${plugin.name}" (gateway config adapters.${nameOrSpecifier})`,
      );
      adapters.set(plugin.name, { plugin, options: parsed });
      logger.info({ adapter: plugin.name, version: plugin.version }, 'Adapter ready');
    }
    return new AdapterCatalog(adapters);
  }

  /** @throws UNKNOWN_ADAPTER listing the adapters this gateway offers. */
  get(name: string): HostedAdapter {
    const adapter = this.adapters.get(name);
    if (!adapter) {
      throw new ServiceDeskError(ErrorCode.UNKNOWN_ADAPTER, `This gateway offers no adapter "${name}". It offers: ${this.names().join(', ')}`);
    }
    return adapter;
  }

  names(): string[] {
    return [...this.adapters.keys()].sort();
  }

  all(): HostedAdapter[] {
    return [...this.adapters.values()];
  }
}
