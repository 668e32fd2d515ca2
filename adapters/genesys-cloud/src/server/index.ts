/**
 * @byosd/adapter-genesys-cloud/server: what runs on a host that holds the Genesys OAuth client (the gateway, or an
 * integrator's own server), never in a page: the availability route and the queue availability it answers from.
 */
export { AVAILABILITY_CACHE_MS, availabilityRoutes, AVAILABILITY_ROUTE_PATH, type AvailabilityRouteSettings } from './availability-routes.js';
export { createQueueAvailability, type QueueAvailabilityOptions } from './queue-availability.js';
export { createAccessTokenSource, type ClientCredentials } from './oauth-client-credentials.js';
