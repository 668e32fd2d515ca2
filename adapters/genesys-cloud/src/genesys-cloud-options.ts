import * as z from 'zod/mini';
import { webSocketConstructorOptionSchema, webSocketUrlSchema } from '@byosd/core';
import { MESSAGES_PER_SECOND } from '../protocol/error-codes.js';

const httpUrl = z.url().check(z.refine((value) => /^https?:/.test(value), 'must be an http:// or https:// URL'));

/**
 * The Genesys Cloud adapter's options. The guest side (browser or gateway) needs `deploymentId` and `region`;
 * the OAuth client fields are read only by the server-side availability route (`webhooks`), never by the desk,
 * and are secret.
 */
export const genesysCloudOptionsSchema = z.object({
  deploymentId: z.string().check(z.minLength(1), z.describe('The Messenger deployment id (Admin > Message > Messenger Deployments).')),
  region: z
    ._default(z.string().check(z.regex(/^[a-z0-9.-]+$/, 'must be a region domain such as mypurecloud.com')), 'mypurecloud.com')
    .check(z.describe('The Genesys Cloud region domain, e.g. mypurecloud.com, mypurecloud.ie, usw2.pure.cloud.')),
  webSocketUrl: z
    .optional(webSocketUrlSchema)
    .check(z.describe('Overrides the guest WebSocket URL (default `wss://webmessaging.<region>/v1`), e.g. for `byosd simulate genesys-cloud`.')),
  apiUrl: z
    .optional(httpUrl)
    .check(z.describe('Overrides the REST API base URL (default `https://api.<region>`), used for the message history and by the availability route.')),
  loginUrl: z.optional(httpUrl).check(z.describe('Overrides the OAuth base URL (default `https://login.<region>`), used by the availability route.')),
  availabilityUrl: z
    .optional(httpUrl)
    .check(
      z.describe(
        'The URL of the availability route a host mounts (`/webhooks/genesys-cloud/availability` on the gateway). Without it areAnyAgentsOnline answers null.',
      ),
    ),
  oauthClientId: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.describe('Server side only: the OAuth client-credentials client id for the availability route.')),
  oauthClientSecret: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.describe('Server side only, secret: the OAuth client secret for the availability route.')),
  queueId: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.describe('Server side only: the queue whose agents and estimated wait the availability route reports.')),
  requestTimeoutMs: z._default(z.int().check(z.positive()), 10_000).check(z.describe('How long to wait for Genesys to answer a frame or request.')),
  heartbeatIntervalMs: z
    ._default(z.int().check(z.positive()), 30_000)
    .check(z.describe('How often to send the `echo` keep-alive (Genesys clients send one at most every 30 s).')),
  reconnectAttempts: z
    ._default(z.int().check(z.nonnegative()), 60)
    .check(
      z.describe("How often to try to reconnect after the connection drops, with backoff (the default spans about five minutes, as Genesys's own SDKs do)."),
    ),
  reconnectDelayMs: z._default(z.int().check(z.nonnegative()), 1000).check(z.describe('The base delay of the reconnect backoff.')),
  messagesPerSecond: z
    ._default(z.number().check(z.positive()), MESSAGES_PER_SECOND)
    .check(z.describe('The most onMessage frames sent per second; Genesys allows 2 per session, so sends beyond that wait their turn.')),
  reorderWindowMs: z
    ._default(z.int().check(z.nonnegative()), 200)
    .check(z.describe('How long an agent message is held so that one sent earlier (by channel.time) but delivered later can overtake it.')),
  WebSocket: webSocketConstructorOptionSchema,
});

export type GenesysCloudOptions = z.output<typeof genesysCloudOptionsSchema>;
export type GenesysCloudOptionsInput = z.input<typeof genesysCloudOptionsSchema>;

/** The guest WebSocket URL for the deployment. */
export function guestWebSocketUrl(options: GenesysCloudOptions): string {
  const url = new URL(options.webSocketUrl ?? `wss://webmessaging.${options.region}/v1`);
  url.searchParams.set('deploymentId', options.deploymentId);
  return url.toString();
}

export function apiBaseUrl(options: Pick<GenesysCloudOptions, 'apiUrl' | 'region'>): string {
  return (options.apiUrl ?? `https://api.${options.region}`).replace(/\/+$/, '');
}

export function loginBaseUrl(options: Pick<GenesysCloudOptions, 'loginUrl' | 'region'>): string {
  return (options.loginUrl ?? `https://login.${options.region}`).replace(/\/+$/, '');
}
