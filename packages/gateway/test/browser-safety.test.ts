import { join } from 'node:path';
import { build } from 'esbuild';

describe('@byosd/gateway/client', () => {
  test('bundles for the browser: neither it nor anything it imports needs a Node built-in', async () => {
    const result = await build({
      entryPoints: [join(__dirname, '..', 'src', 'client', 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['byosd-source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('packages/gateway/src/server') || input.includes('packages/gateway/src/stores'))).toBe(false);
    expect(inputs.some((input) => /node_modules\/(ws|ioredis|fastify|pino)\//.test(input))).toBe(false);
  });
});
