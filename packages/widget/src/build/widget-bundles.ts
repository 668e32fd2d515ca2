import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

/** The widget package's root (this file is src/build/ or dist/build/ below it). */
export const WIDGET_PACKAGE_ROOT = join(__dirname, '..', '..');
/** Where `npm run build:widget` writes the browser bundles. */
export const DEFAULT_BUNDLE_DIRECTORY = join(WIDGET_PACKAGE_ROOT, 'dist', 'browser');

const source = (path: string) => join(WIDGET_PACKAGE_ROOT, 'src', path);

export interface BundleSize {
  /** The file, relative to the output directory. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** The source files with code in it, as esbuild names them (`node_modules/zod/v4/mini/schemas.js`). */
  inputs: string[];
  /** The files it imports statically (the chunks that load with it), relative to the output directory. */
  imports: string[];
}

export interface BuildWidgetOptions {
  outdir?: string;
  /** Default true. */
  minify?: boolean;
}

/**
 * zod's classic API re-exports every locale's error messages as `z.locales`, and esbuild cannot drop a namespace
 * member nobody reads, so every language would ship (half the bundle). byosd only uses zod's default English
 * messages (configured by zod itself, not through `locales`), so the browser bundles get an empty `locales`.
 */
const dropZodLocales: Plugin = {
  name: 'drop-zod-locales',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(join('node_modules', 'zod')) ? { path: 'zod-locales', namespace: 'drop-zod-locales' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'drop-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * Builds the browser bundles from the TypeScript sources:
 * - `byosd-widget.iife.js`: the script-tag build (`window.Byosd`, registers `<byosd-chat>`): UI + gateway client;
 * - `byosd-widget.mjs` and the pages' `demo-page.mjs`, `agent-console.mjs`, and one `adapters/<name>.mjs` per
 *   in-page adapter (src/adapters/), as ES modules sharing chunks, so that an in-page adapter does not bloat
 *   the widget;
 * - the pages themselves (public/).
 * Returns every bundle: its size, raw and gzipped, what went into it and which chunks it imports.
 */
export async function buildWidgetBundles(options: BuildWidgetOptions = {}): Promise<BundleSize[]> {
  const outdir = options.outdir ?? DEFAULT_BUNDLE_DIRECTORY;
  const common = {
    bundle: true,
    platform: 'browser' as const,
    target: 'es2022',
    minify: options.minify ?? true,
    conditions: ['byosd-source'],
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
    plugins: [dropZodLocales],
  };
  await rm(outdir, { recursive: true, force: true });
  const adapters = (await readdir(source('adapters'))).filter((file) => file.endsWith('.ts'));
  const modules = await build({
    ...common,
    metafile: true,
    entryPoints: {
      'byosd-widget': source('index.ts'),
      'demo-page': source('demo/demo-page.ts'),
      'agent-console': source('console/agent-console.ts'),
      ...Object.fromEntries(adapters.map((file) => [`adapters/${basename(file, '.ts')}`, source(join('adapters', file))])),
    },
    format: 'esm',
    splitting: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
  });
  const script = await build({ ...common, metafile: true, entryPoints: { 'byosd-widget.iife': source('iife.ts') }, format: 'iife', globalName: 'Byosd', outdir });
  await copyPublicFiles(outdir);
  return describeBundles(outdir, [modules.metafile, script.metafile]);
}

async function copyPublicFiles(outdir: string): Promise<void> {
  const publicDirectory = join(WIDGET_PACKAGE_ROOT, 'public');
  for (const file of await readdir(publicDirectory)) await copyFile(join(publicDirectory, file), join(outdir, file));
}

/** Each file esbuild wrote, from its metafiles (whose paths are relative to the working directory). */
async function describeBundles(outdir: string, metafiles: Metafile[]): Promise<BundleSize[]> {
  const inOutdir = (path: string) => relative(outdir, resolve(path));
  return Promise.all(
    metafiles.flatMap((metafile) => Object.entries(metafile.outputs)).map(async ([path, output]) => {
      const contents = await readFile(path);
      return {
        file: inOutdir(path),
        bytes: contents.length,
        gzipBytes: gzipSync(contents).length,
        inputs: Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([input]) => input),
        imports: output.imports.filter((imported) => imported.kind === 'import-statement' && !imported.external).map((imported) => inOutdir(imported.path)),
      };
    }),
  );
}
