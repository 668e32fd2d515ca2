import type { WebhookRoute } from '@byosd/core';
import { type GenesysCloudOptions, apiBaseUrl, loginBaseUrl } from '../genesys-cloud-options.js';
import type { AvailabilityAnswer } from '../../protocol/rest-api.js';
import { createQueueAvailability } from './queue-availability.js';

/** Where the route is mounted under the adapter's folder: `/webhooks/genesys-cloud/availability` on the gateway. */
export const AVAILABILITY_ROUTE_PATH = '/availability';

const UNKNOWN: AvailabilityAnswer = { agentsOnline: null, estimatedWaitSeconds: null };

/**
 * The HTTP route a host mounts so that guests can learn whether agents are online and the expected wait: it holds
 * the OAuth client and answers `{ agentsOnline, estimatedWaitSeconds }` (null where unknown). Without an OAuth
 * client and queue in the options it answers "unknown"; when Genesys fails it answers 502 with the reason.
 */
export function availabilityRoutes(options: GenesysCloudOptions): WebhookRoute[] {
  const { oauthClientId, oauthClientSecret, queueId } = options;
  const ask =
    oauthClientId && oauthClientSecret && queueId
      ? createQueueAvailability({
          apiBaseUrl: apiBaseUrl(options),
          loginBaseUrl: loginBaseUrl(options),
          clientId: oauthClientId,
          clientSecret: oauthClientSecret,
          queueId,
          timeoutMs: options.requestTimeoutMs,
        })
      : async () => UNKNOWN;
  return [
    {
      method: 'GET',
      path: AVAILABILITY_ROUTE_PATH,
      async handle() {
        const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
        try {
          return { status: 200, headers: json, body: JSON.stringify(await ask()) };
        } catch (error) {
          return { status: 502, headers: json, body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) };
        }
      },
    },
  ];
}
