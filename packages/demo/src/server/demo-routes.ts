import { CONTROL_API_PREFIX, registerControlApi } from '@byosd/simulators';
import type { FastifyInstance } from 'fastify';
import { controlApiPath, DEMO_CATALOG_PATH, inPageOptionsPath } from '../page/demo-catalog.js';
import { describeBackend, type RunningBackend } from './demo-backends.js';
import { mountDemoBotRoute } from './demo-bot-route.js';
import { mountStaticAssets } from './static-assets.js';

/**
 * The demo's routes on the gateway's server: the backend catalog, the in-page adapters' public options, the bots
 * that some backends' conversations start with, each simulator's control API (for the agent console, on the same origin as the pages), the pages and the bundles.
 */
export async function mountDemoRoutes(app: FastifyInstance, backends: readonly RunningBackend[], assetsDirectory: string): Promise<void> {
  app.get(DEMO_CATALOG_PATH, async () => ({ backends: backends.map(describeBackend) }));
  for (const backend of backends) {
    if (backend.inPageOptions) {
      const options = backend.inPageOptions;
      app.get(inPageOptionsPath(backend.name), async () => options);
    }
    if (backend.bot) mountDemoBotRoute(app, backend.name, backend.bot);
    // The control API mounts at `<prefix>/control`; the prefix puts each simulator's under its backend's name.
    const prefix = controlApiPath(backend.name).slice(0, -CONTROL_API_PREFIX.length);
    await app.register(async (scope) => registerControlApi(scope, backend.simulator), { prefix });
  }
  mountStaticAssets(app, assetsDirectory);
}
