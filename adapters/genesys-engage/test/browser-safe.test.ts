import { join } from 'node:path';
import { bundleForBrowser } from '../../../packages/core/test/support/browser-bundle';

/** The adapter runs in a page: bundling it for the browser must not pull in a Node built-in or the simulator. */
test('@byosd/adapter-genesys-engage bundles for the browser without a Node-only import', async () => {
  const { errors, inputs } = await bundleForBrowser(join(__dirname, '..', 'src', 'index.ts'));
  expect(errors).toEqual([]);
  expect(inputs.some((input) => input.includes('adapters/genesys-engage/src/genesys-engage-service-desk.ts'))).toBe(true);
  expect(inputs.some((input) => input.includes('adapters/genesys-engage/protocol/'))).toBe(true);
  expect(inputs.filter((input) => /genesys-engage\/(simulator|testbed)\/|node_modules\/(ws|fastify)\//.test(input))).toEqual([]);
});
