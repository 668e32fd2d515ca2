import { createServer } from 'node:http';
import { createMemoryWebhookHub, ErrorCode, isServiceDeskError, silentLogger } from '@byosd/core';
import { genesysCloudAdapter, genesysCloudOptionsSchema } from '@byosd/adapter-genesys-cloud';
import { AVAILABILITY_CACHE_MS, availabilityRoutes, createQueueAvailability } from '@byosd/adapter-genesys-cloud/server';
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
  const options = genesysCloudOptionsSchema.parse({
    deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID,
    apiUrl: simulator.apiUrl,
    loginUrl: simulator.apiUrl,
    ...overrides,
  });
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

describe('the route shields Genesys from guests (issue 11: Genesys and its OAuth were called on every request)', () => {
  /** A Genesys stand-in that counts calls, and whose tokens, like some proxies', carry no expires_in. */
  async function countingGenesys(): Promise<{ url: string; calls: Record<string, number>; close(): Promise<void> }> {
    const calls: Record<string, number> = {};
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      calls[path] = (calls[path] ?? 0) + 1;
      request.resume();
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        if (path === '/oauth/token') return response.end(JSON.stringify({ access_token: 'token', token_type: 'bearer' }));
        if (path.endsWith('/estimatedwaittime')) return response.end(JSON.stringify({ results: [{ estimatedWaitTimeSeconds: 30 }] }));
        return response.end(JSON.stringify({ results: [{ data: [{ metric: 'oOnQueueUsers', stats: { count: 2 } }] }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { url, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  test('many guests within the cache period cost one call of each kind; the next period one more', async () => {
    const genesys = await countingGenesys();
    let now = 1_000_000;
    try {
      const options = genesysCloudOptionsSchema.parse({
        deploymentId: 'd',
        apiUrl: genesys.url,
        loginUrl: genesys.url,
        oauthClientId: 'id',
        oauthClientSecret: 'secret',
        queueId: 'q',
      });
      const [route] = availabilityRoutes(options, { now: () => now });
      const ask = () => route!.handle({ method: 'GET', url: 'http://host/webhooks/genesys-cloud/availability', headers: {}, rawBody: new Uint8Array() });
      const together = await Promise.all(Array.from({ length: 20 }, ask));
      for (let index = 0; index < 20; index += 1) together.push(await ask());
      expect(together.every((answer) => answer.status === 200 && (JSON.parse(answer.body ?? '') as { agentsOnline: unknown }).agentsOnline === true)).toBe(
        true,
      );
      expect(Object.values(genesys.calls)).toEqual([1, 1, 1]);
      now += AVAILABILITY_CACHE_MS;
      await ask();
      // A new answer, on the token already held.
      expect(genesys.calls['/oauth/token']).toBe(1);
      expect(Object.values(genesys.calls).reduce((sum, count) => sum + count, 0)).toBe(5);
    } finally {
      await genesys.close();
    }
  });
});
