import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * Bundles `entry` for the browser, from sources (the byosd-source condition), with every Node built-in import
 * turned into an error instead of a silent shim. Answers the errors and the files that went into the bundle, for
 * tests that prove a package (or an adapter's guest side) runs in a page.
 */
export async function bundleForBrowser(entry: string): Promise<{ errors: string[]; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    conditions: ['byosd-source'],
    plugins: [
      {
        name: 'forbid-node-builtins',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /.*/ }, (args) =>
            NODE_ONLY.has(args.path) ? { errors: [{ text: `Node-only import "${args.path}" from ${args.importer}` }] } : undefined,
          );
        },
      },
    ],
  }).catch((error: { errors?: Array<{ text: string }> }) => ({ errors: error.errors ?? [{ text: String(error) }], metafile: { inputs: {} } }));
  return { errors: result.errors.map((error) => error.text), inputs: Object.keys(result.metafile?.inputs ?? {}) };
}
