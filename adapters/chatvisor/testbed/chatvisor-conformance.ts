import { randomBytes } from 'node:crypto';
import { type AdapterPlugin, createMemoryWebhookHub, silentLogger } from '@byosd/core';
import { startWebhookHost } from '@byosd/simulators';
import { type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../protocol/index.js';
import { chatvisorAdapter, type ChatvisorOptionsInput, webhookPath } from '../src/index.js';
import type { ChatvisorSimulator } from '../simulator/index.js';

/**
 * Short polling and retry delays, so that conformance runs finish quickly; the behaviour is that of the defaults.
 * The request timeout stays the default: on a busy machine 20 parallel starts can take seconds.
 */
export const FAST_CHATVISOR_OPTIONS = {
  retryDelayMs: 20,
  pollIntervalMs: 100,
  safetyPollIntervalMs: 1000,
  webhookTimeoutMs: 1000,
} satisfies Partial<ChatvisorOptionsInput>;

/** The webhook path token of each running simulator, so that the adapter's options and the simulator's webhook URLs agree. */
const pathTokens = new WeakMap<ChatvisorSimulator, string>();

/** The secret path token the adapter and the simulator's webhook settings share (made once per simulator). */
export function webhookPathTokenFor(simulator: ChatvisorSimulator): string {
  let token = pathTokens.get(simulator);
  if (token === undefined) {
    token = randomBytes(24).toString('base64url');
    pathTokens.set(simulator, token);
  }
  return token;
}

/** The adapter options that point at a running simulator. */
export function chatvisorOptionsFor(simulator: ChatvisorSimulator): ChatvisorOptionsInput {
  return { apiUrl: simulator.apiUrl, apiToken: simulator.apiToken, webhookPathToken: webhookPathTokenFor(simulator) };
}

/**
 * Points the simulator's three webhooks at the adapter's routes under `webhookBaseUrl` (`<host>/webhooks/chatvisor`),
 * as an operator fills in Settings > API > WebHooks.
 */
export function deliverChatvisorWebhooksTo(simulator: ChatvisorSimulator, webhookBaseUrl: string, signing?: { secret: string; header: string }): void {
  const token = webhookPathTokenFor(simulator);
  simulator.configureWebhooks({
    urls: Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, `${webhookBaseUrl}${webhookPath(token, event)}`])),
    ...(signing ? { signing } : {}),
  });
}

/**
 * The conformance target of the Chatvisor adapter: each scenario gets its own simulator and a webhook host that
 * mounts the adapter's routes on loopback; the simulator delivers its webhooks there.
 */
export function createChatvisorConformanceTarget(
  plugin: AdapterPlugin = chatvisorAdapter,
  createSimulator: (seed: number) => ChatvisorSimulator,
): ConformanceTarget {
  return {
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const simulator = createSimulator(seed);
      await simulator.start();
      const options: unknown = z.parse(plugin.optionsSchema, { ...chatvisorOptionsFor(simulator), ...FAST_CHATVISOR_OPTIONS });
      const webhookHub = createMemoryWebhookHub();
      const host = await startWebhookHost({ plugin, options, webhookHub });
      deliverChatvisorWebhooksTo(simulator, host.baseUrl);
      return {
        createDesk: pluginDeskFactory(plugin, options, silentLogger, webhookHub),
        agent: simulator.agent,
        faults: simulator.faults,
        teardown: async () => {
          await simulator.stop();
          await host.close();
        },
      };
    },
  };
}
