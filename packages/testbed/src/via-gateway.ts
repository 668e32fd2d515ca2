import { type AdapterPlugin, type CapabilityManifest, silentLogger } from '@byosd/core';
import { gatewayAdapter, type GatewayConfigInput, type GatewayOptionsInput, startGateway } from '@byosd/gateway';
import { adapterName, type ConformanceHarness, type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import { z } from 'zod';

/** What `viaGateway` appends to the inner target's name in reports: `example@gateway`. */
export const VIA_GATEWAY_SUFFIX = '@gateway';

export interface ViaGatewayOptions {
  /**
   * Gateway settings over the wrapper's defaults (`127.0.0.1`, an ephemeral port, memory stores, silent logs, frame
   * rate limits raised so that the suite's 200-message scenarios test delivery rather than the rate limit).
   */
  gateway?: Partial<Omit<GatewayConfigInput, 'adapters'>>;
  /** Proxy desk options over the wrapper's defaults (short reconnect delays, so the fault scenarios finish fast). */
  proxy?: Partial<Omit<GatewayOptionsInput, 'url' | 'adapter'>>;
}

/**
 * The proxy desk's options in conformance runs. Its request timeout must outlast what the hosted adapter may
 * take by design: its own retries (a send the backend answers with 5xx or 429 is retried on the gateway before the
 * frame's ack), and a backend's rate limit (Mobile Service Cloud allows 3 presence calls a second, so 20 chats
 * started at once wait up to 7 s for theirs).
 */
const PROXY_OPTIONS: Omit<GatewayOptionsInput, 'url' | 'adapter'> = { requestTimeoutMs: 15_000, reconnectDelayMs: 20, reconnectAttempts: 8 };

/**
 * The gateway's settings in conformance runs. Frame rate limits are a gateway policy, not part of the contract:
 * at the default 20 frames a second the two 200-message scenarios would spend most of their time waiting on the
 * limit (the proxy desk waits and resends as told, which the gateway's own tests check). The shutdown bound keeps
 * the teardown after an unanswered request (the "backend does not answer" scenario) from waiting for the hosted
 * adapter's own request timeout: by teardown every chat of the scenario has ended, so nothing is cut short.
 */
const GATEWAY_CONFIG: Partial<GatewayConfigInput> = {
  host: '127.0.0.1',
  port: 0,
  store: 'memory',
  logLevel: 'silent',
  framesPerSecond: 10_000,
  frameBurst: 10_000,
  shutdownTimeoutMs: 200,
};

/**
 * What a widget can count on when it reaches `inner` through the gateway: what both the proxy desk and the hosted
 * adapter declare, and the shorter of their message length limits.
 */
export function capabilitiesThroughGateway(inner: CapabilityManifest, proxy: CapabilityManifest = gatewayAdapter.capabilities): CapabilityManifest {
  const both = Object.fromEntries(
    Object.entries(proxy).map(([name, value]) => [name, typeof value === 'boolean' ? value && inner[name as keyof CapabilityManifest] === true : value]),
  ) as unknown as CapabilityManifest;
  return { ...both, maxMessageLength: Math.min(proxy.maxMessageLength, inner.maxMessageLength) };
}

/**
 * The plugin the gateway hosts for one harness: the inner adapter, with its desks created by the inner harness
 * (so that they reach the harness's backend) instead of from options. Its options are the harness's business, so
 * the gateway configures it with none; its webhook routes, if any, are the harness's too.
 */
function hostedPlugin(inner: AdapterPlugin, harness: ConformanceHarness): AdapterPlugin {
  const { webhooks: _webhooks, secretOptions: _secretOptions, ...description } = inner;
  return {
    ...description,
    optionsSchema: z.object({}),
    create: (context) => harness.createDesk(context.callback, { chatId: context.chatId }),
  };
}

/**
 * Runs a conformance target through the gateway: each scenario's desks are proxy desks (`gatewayAdapter`) talking
 * the widget protocol to an in-process gateway (memory stores, ephemeral port), which hosts the inner adapter and
 * creates its desks with the inner harness's `createDesk`, so that they reach the inner harness's backend. The
 * agent driver and faults are the inner harness's: a fault acts on the backend behind the gateway, and the
 * gateway must carry its effects to the proxy desk. Reported as `<adapter>@gateway`.
 *
 * Session mode wraps the proxy desk in core's chat session, as a widget loads it; raw mode is the proxy desk
 * alone. On the gateway the hosted adapter always runs inside a chat session, as it does in production.
 *
 * ```ts
 * runConformance(viaGateway(exampleConformance));
 * ```
 * @throws TypeError for an adapter that runs in the browser only, which the gateway cannot host.
 */
export function viaGateway(target: ConformanceTarget, options: ViaGatewayOptions = {}): ConformanceTarget {
  const inner = target.plugin;
  if (inner.runtime === 'browser') {
    throw new TypeError(`Adapter "${adapterName(target)}" runs in the browser only (runtime: 'browser'): the gateway cannot host it`);
  }
  const plugin: AdapterPlugin = { ...gatewayAdapter, capabilities: capabilitiesThroughGateway(inner.capabilities) };
  return {
    name: `${adapterName(target)}${VIA_GATEWAY_SUFFIX}`,
    plugin,
    injectsFaults: target.injectsFaults ?? false,
    async setup(context) {
      const harness = await target.setup(context);
      try {
        const gateway = await startGateway(
          { ...GATEWAY_CONFIG, ...options.gateway, adapters: { [inner.name]: {} } },
          { plugins: [hostedPlugin(inner, harness)], logger: silentLogger },
        );
        const createDesk = pluginDeskFactory(plugin, { ...PROXY_OPTIONS, ...options.proxy, url: gateway.url, adapter: inner.name });
        return {
          createDesk,
          agent: harness.agent,
          ...(harness.faults ? { faults: harness.faults } : {}),
          async teardown() {
            try {
              await gateway.close();
            } finally {
              await harness.teardown();
            }
          },
        };
      } catch (error) {
        await harness.teardown().catch(() => undefined);
        throw error;
      }
    },
  };
}
