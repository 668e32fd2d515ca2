import { join } from 'node:path';
import { bundleForBrowser } from './support/browser-bundle';

/** @byosd/core must run in a page: bundling it for the browser must not pull in any Node built-in. */
test('@byosd/core bundles for the browser without a Node-only import', async () => {
  const { errors, inputs } = await bundleForBrowser(join(__dirname, '..', 'src', 'index.ts'));
  expect(errors).toEqual([]);
  expect(inputs.some((input) => input.includes('packages/core/src/session/chat-session.ts'))).toBe(true);
  expect(inputs.filter((input) => /node_modules\/(ws)\//.test(input))).toEqual([]);
});
