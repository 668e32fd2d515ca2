import { z } from 'zod';
import { type AdapterPlugin, createMemoryWebhookHub, silentLogger } from '@byosd/core';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter, type TwilioFlexOptionsInput } from '../src/index.js';
import { type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import { startWebhookHost } from '@byosd/simulators';
import { TwilioFlexSimulator } from '../simulator/twilio-flex-simulator.js';

/**
 * Short polling and retry delays, so that conformance runs finish quickly; the behaviour is that of the defaults.
 * The request timeout stays the default: on a busy machine 20 parallel starts can take seconds.
 */
const FAST_OPTIONS = { retryDelayMs: 20, queuePollIntervalMs: 50, gapWaitMs: 200 } satisfies Partial<TwilioFlexOptionsInput>;

/** The adapter options that point at a running simulator. */
export function twilioFlexOptionsFor(simulator: TwilioFlexSimulator, startMode: 'web-chats' | 'interactions' = 'web-chats'): TwilioFlexOptionsInput {
  const urls = simulator.baseUrls;
  const { addressSid, workspaceSid, workflowSid, taskQueueSid } = simulator.resources;
  return {
    ...simulator.credentials,
    startMode,
    addressSid,
    workspaceSid,
    workflowSid,
    taskQueueSid,
    conversationsBaseUrl: urls.conversations,
    flexBaseUrl: urls.flexApi,
    taskRouterBaseUrl: urls.taskRouter,
  };
}

/** Points the simulator's Conversations webhooks at `url`, as an operator configures the service's Post-Event URL. */
export async function configureConversationWebhook(simulator: TwilioFlexSimulator, url: string): Promise<void> {
  const { accountSid, authToken } = simulator.credentials;
  const response = await fetch(`${simulator.baseUrls.conversations}/v1/Configuration/Webhooks`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ PostWebhookUrl: url, Method: 'POST', Target: 'webhook' }),
  });
  if (!response.ok) throw new Error(`Could not configure the simulator's webhook: ${response.status} ${await response.text()}`);
}

/**
 * The conformance target of the Twilio Flex adapter: each scenario gets its own simulator and a webhook host
 * that mounts the adapter's routes on loopback; the simulator delivers its signed webhooks there.
 */
export function createTwilioFlexConformanceTarget(
  plugin: AdapterPlugin = twilioFlexAdapter,
  startMode: 'web-chats' | 'interactions' = 'web-chats',
): ConformanceTarget {
  return {
    ...(startMode === 'web-chats' ? {} : { name: `${plugin.name}-${startMode}` }),
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const simulator = new TwilioFlexSimulator({ seed });
      await simulator.start();
      const options: unknown = z.parse(plugin.optionsSchema, { ...twilioFlexOptionsFor(simulator, startMode), ...FAST_OPTIONS });
      const webhookHub = createMemoryWebhookHub();
      const host = await startWebhookHost({ plugin, options, webhookHub });
      await configureConversationWebhook(simulator, `${host.baseUrl}${CONVERSATION_EVENTS_PATH}`);
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

export const twilioFlexConformance = createTwilioFlexConformanceTarget();
/** The same suite with chats started through Flex Interactions: `byosd conformance twilio-flex-interactions`. */
export const twilioFlexInteractionsConformance = createTwilioFlexConformanceTarget(twilioFlexAdapter, 'interactions');
