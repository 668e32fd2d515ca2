import { join } from 'node:path';
import { bundleForBrowser } from '../../../packages/core/test/support/browser-bundle';

/** The guest side runs in a page: bundling the adapter for the browser must not pull in a Node built-in or `ws`. */
test('@byosd/adapter-genesys-cloud bundles for the browser without a Node-only import', async () => {
  const { errors, inputs } = await bundleForBrowser(join(__dirname, '..', 'src', 'index.ts'));
  expect(errors).toEqual([]);
  expect(inputs.some((input) => input.includes('adapters/genesys-cloud/src/genesys-cloud-service-desk.ts'))).toBe(true);
  expect(inputs.filter((input) => /node_modules\/ws\//.test(input))).toEqual([]);
});
