import { type AdapterPlugin, type AdapterStore, createMemoryAdapterStore, createMemoryWebhookHub, ErrorCode, parseOrThrow, silentLogger } from '@byosd/core';
import { startWebhookHost } from '@byosd/simulators';
import { type ConformanceTarget } from '@byosd/conformance';
import { MESSAGE_WEBHOOK_PATH, mobileServiceCloudAdapter, type MobileServiceCloudOptions, type MobileServiceCloudOptionsInput } from '../src/index.js';
import { type MobileServiceCloudSimulator, MobileServiceCloudSimulator as Simulator } from '../simulator/index.js';

/** Short retry and gap delays so conformance runs finish quickly; the behaviour is that of the defaults. */
const FAST_OPTIONS = { retryDelayMs: 20, gapWaitMs: 200 } satisfies Partial<MobileServiceCloudOptionsInput>;

/** The adapter options that point at a running simulator, as an operator copies them from CM.com. */
export function mobileServiceCloudOptionsFor(simulator: MobileServiceCloudSimulator): MobileServiceCloudOptionsInput {
  const { account, urls } = simulator;
  return {
    botUrl: urls.bot,
    botApiKey: account.botApiKey,
    presenceUrl: urls.presence,
    presenceApiKey: account.presenceApiKey,
    controlUrl: urls.router,
    twoWayUrl: urls.router,
    productToken: account.productToken,
    technicalLinkId: account.technicalLinkId,
    botRouterAccountId: account.botRouterAccountId,
    botAdapterId: account.botAdapterId,
    mscAdapterId: account.mscAdapterId,
    channelAdapterId: account.channelAdapterId,
    channel: account.channel,
  };
}

export interface MobileServiceCloudWorld {
  simulator: MobileServiceCloudSimulator;
  options: MobileServiceCloudOptions;
  store: AdapterStore;
  webhookHub: ReturnType<typeof createMemoryWebhookHub>;
  close(): Promise<void>;
}

/** A started simulator, the adapter's message webhook mounted on loopback, and the router pointed at it. */
export async function startMobileServiceCloudWorld(
  params: { seed?: number; plugin?: AdapterPlugin; options?: Partial<MobileServiceCloudOptionsInput>; store?: AdapterStore } = {},
): Promise<MobileServiceCloudWorld> {
  const plugin = params.plugin ?? mobileServiceCloudAdapter;
  const simulator = new Simulator(params.seed === undefined ? {} : { seed: params.seed });
  await simulator.start();
  const options = parseOrThrow(
    plugin.optionsSchema,
    { ...mobileServiceCloudOptionsFor(simulator), ...FAST_OPTIONS, ...params.options },
    ErrorCode.INVALID_OPTIONS,
    'Invalid options',
  ) as MobileServiceCloudOptions;
  const webhookHub = createMemoryWebhookHub();
  const store = params.store ?? createMemoryAdapterStore();
  const host = await startWebhookHost({ plugin, options, webhookHub, store });
  simulator.configureChannelWebhook(`${host.baseUrl}${MESSAGE_WEBHOOK_PATH}`);
  return {
    simulator,
    options,
    webhookHub,
    store,
    close: async () => {
      await simulator.stop();
      await host.close();
    },
  };
}

/**
 * The conformance target: each scenario gets its own simulator of every CM.com party and its own adapter store.
 * The suite passes no intake answers, so the simulated bot's prechat dialog asks nothing here (the intake has
 * tests of its own); the rest of the flow (bot answer with livechat, presence, prechat event, Enable mutation,
 * handover message) runs for every chat.
 */
export function createMobileServiceCloudConformanceTarget(plugin: AdapterPlugin = mobileServiceCloudAdapter): ConformanceTarget {
  return {
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const world = await startMobileServiceCloudWorld({ seed, plugin });
      world.simulator.bot.content.prechat = [];
      return {
        createDesk: (callback, { chatId }) =>
          plugin.create({
            options: world.options,
            callback,
            chatId,
            capabilities: plugin.capabilities,
            logger: silentLogger,
            webhookHub: world.webhookHub,
            store: world.store,
          }),
        agent: world.simulator.agent,
        faults: world.simulator.faults,
        teardown: () => world.close(),
      };
    },
  };
}

export const mobileServiceCloudConformance = createMobileServiceCloudConformanceTarget();
