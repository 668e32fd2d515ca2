import type { WebhookRoute } from '@byosd/core';
import { type GenesysCloudOptions, apiBaseUrl, loginBaseUrl } from '../genesys-cloud-options.js';
import type { AvailabilityAnswer } from '../../protocol/rest-api.js';
import { createQueueAvailability } from './queue-availability.js';

/** Where the route is mounted under the adapter's folder: `/webhooks/genesys-cloud/availability` on the gateway. */
export const AVAILABILITY_ROUTE_PATH = '/availability';

const UNKNOWN: AvailabilityAnswer = { agentsOnline: null, estimatedWaitSeconds: null };

/** How long the route reuses an answer (or a failure) by default: guests' pages may ask on every load. */
export const AVAILABILITY_CACHE_MS = 5000;

export interface AvailabilityRouteSettings {
  /** How long an answer from Genesys, or its failure, is reused for every guest. Default AVAILABILITY_CACHE_MS. */
  cacheMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * `ask`, answered from one call for `ttlMs`: guests asking together share the call under way, and those within
 * `ttlMs` after it its answer, so that Genesys (and its OAuth) see at most one call per `ttlMs` however many ask.
 * A failure is reused the same way, so that an outage is not hammered either.
 */
function reusedFor<T>(ask: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let latest: { askedAt: number; answer: Promise<T> } | undefined;
  return () => {
    const time = now();
    if (!latest || time - latest.askedAt >= ttlMs) {
      const answer = ask();
      answer.catch(() => undefined); // Read by whoever awaits it; never an unhandled rejection.
      latest = { askedAt: time, answer };
    }
    return latest.answer;
  };
}

/**
 * The HTTP route a host mounts so that guests can learn whether agents are online and the expected wait: it holds
 * the OAuth client and answers `{ agentsOnline, estimatedWaitSeconds }` (null where unknown). Without an OAuth
 * client and queue in the options it answers "unknown"; when Genesys fails it answers 502 with the reason. Answers
 * are reused for `settings.cacheMs` (5 s): Genesys is asked at most once per period, however many guests ask.
 */
export function availabilityRoutes(options: GenesysCloudOptions, settings: AvailabilityRouteSettings = {}): WebhookRoute[] {
  const { oauthClientId, oauthClientSecret, queueId } = options;
  const cacheMs = settings.cacheMs ?? AVAILABILITY_CACHE_MS;
  const ask =
    oauthClientId && oauthClientSecret && queueId
      ? reusedFor(
          createQueueAvailability({
            apiBaseUrl: apiBaseUrl(options),
            loginBaseUrl: loginBaseUrl(options),
            clientId: oauthClientId,
            clientSecret: oauthClientSecret,
            queueId,
            timeoutMs: options.requestTimeoutMs,
          }),
          cacheMs,
          settings.now ?? Date.now,
        )
      : async () => UNKNOWN;
  return [
    {
      method: 'GET',
      path: AVAILABILITY_ROUTE_PATH,
      async handle() {
        const json = { 'content-type': 'application/json', 'cache-control': `private, max-age=${Math.floor(cacheMs / 1000)}` };
        try {
          return { status: 200, headers: json, body: JSON.stringify(await ask()) };
        } catch (error) {
          return { status: 502, headers: json, body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) };
        }
      },
    },
  ];
}
