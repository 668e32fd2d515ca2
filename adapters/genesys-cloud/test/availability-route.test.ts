import { createMemoryWebhookHub, ErrorCode, isServiceDeskError, silentLogger } from '@byosd/core';
import { genesysCloudAdapter, genesysCloudOptionsSchema } from '@byosd/adapter-genesys-cloud';
import { availabilityRoutes, createQueueAvailability } from '@byosd/adapter-genesys-cloud/server';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GENESYS_SIMULATOR_OAUTH_CLIENT, GENESYS_SIMULATOR_QUEUE_ID, GenesysCloudSimulator } from '../testbed/index.js';

let simulator: GenesysCloudSimulator;
beforeEach(async () => {
  simulator = new GenesysCloudSimulator({ seed: 3 });
  await simulator.start();
});
afterEach(() => simulator.stop());

const queueAvailability = (secret: string = GENESYS_SIMULATOR_OAUTH_CLIENT.secret) =>
  createQueueAvailability({
    apiBaseUrl: simulator.apiUrl,
    loginBaseUrl: simulator.apiUrl,
    clientId: GENESYS_SIMULATOR_OAUTH_CLIENT.id,
    clientSecret: secret,
    queueId: GENESYS_SIMULATOR_QUEUE_ID,
    timeoutMs: 3000,
  });

/** Calls the availability route as a host would, with the adapter's parsed options. */
async function askRoute(overrides: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const options = genesysCloudOptionsSchema.parse({ deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID, apiUrl: simulator.apiUrl, loginUrl: simulator.apiUrl, ...overrides });
  const [route] = availabilityRoutes(options);
  const response = await route!.handle({ method: 'GET', url: 'http://host/webhooks/genesys-cloud/availability', headers: {}, rawBody: new Uint8Array() });
  return { status: response.status, body: JSON.parse(response.body ?? 'null') };
}

describe('the server-side availability helper (OAuth client credentials)', () => {
  test('agents on the queue, none, or unknown; and the estimated wait', async () => {
    const ask = queueAvailability();
    expect(await ask()).toEqual({ agentsOnline: true, estimatedWaitSeconds: 60 });
    await simulator.agent.setAgentsOnline(false);
    expect((await ask()).agentsOnline).toBe(false);
    await simulator.agent.setAgentsOnline(null);
    expect((await ask()).agentsOnline).toBeNull();
  });

  test('a wrong client secret fails with UNAUTHORIZED', async () => {
    const failure = await queueAvailability('wrong secret')().catch((error: unknown) => error);
    expect(isServiceDeskError(failure, ErrorCode.UNAUTHORIZED)).toBe(true);
  });

  test('the route answers the guest without the secret; 502 naming the reason when Genesys refuses', async () => {
    const credentials = { oauthClientId: GENESYS_SIMULATOR_OAUTH_CLIENT.id, queueId: GENESYS_SIMULATOR_QUEUE_ID };
    const answer = await askRoute({ ...credentials, oauthClientSecret: GENESYS_SIMULATOR_OAUTH_CLIENT.secret });
    expect(answer).toEqual({ status: 200, body: { agentsOnline: true, estimatedWaitSeconds: 60 } });
    expect(JSON.stringify(answer.body)).not.toContain(GENESYS_SIMULATOR_OAUTH_CLIENT.secret);
    const refused = await askRoute({ ...credentials, oauthClientSecret: 'wrong secret' });
    expect(refused.status).toBe(502);
    expect(JSON.stringify(refused.body)).toContain('401');
  });

  test('without an OAuth client the route answers "unknown", and the secret option is marked secret', async () => {
    expect(await askRoute({})).toEqual({ status: 200, body: { agentsOnline: null, estimatedWaitSeconds: null } });
    expect(genesysCloudAdapter.secretOptions).toEqual(['oauthClientSecret']);
  });

  test('the route is what the plugin gives its host', () => {
    const options = genesysCloudOptionsSchema.parse({ deploymentId: 'd' });
    const routes = genesysCloudAdapter.webhooks?.({ options, webhookHub: createMemoryWebhookHub(), logger: silentLogger }) ?? [];
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /availability']);
  });
});
