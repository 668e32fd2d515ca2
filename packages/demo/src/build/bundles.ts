import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoBackends } from '@byosd/testbed';
import { build, type Metafile, type Plugin } from 'esbuild';

/** The demo package's root (this file is src/build/ or dist/build/ below it). */
export const DEMO_PACKAGE_ROOT = join(__dirname, '..', '..');
/** Where `npm run build:widget` writes the demo's browser bundles (the widget's among them) and pages. */
export const DEFAULT_BUNDLE_DIRECTORY = join(DEMO_PACKAGE_ROOT, 'dist', 'browser');
/** The widget package's root, whose sources the bundles are built from. */
const WIDGET_PACKAGE_ROOT = dirname(require.resolve('@byosd/widget/package.json'));
/** Where the widget package's own prebuilt bundles go (its package.json points there). */
export const WIDGET_BUNDLE_DIRECTORY = join(WIDGET_PACKAGE_ROOT, 'dist', 'browser');

/** The widget's script-tag build, and its size limit (gzipped): the build fails above it. */
export const SCRIPT_TAG_BUNDLE = 'byosd-widget.iife.js';
export const SCRIPT_TAG_GZIP_LIMIT_BYTES = 30 * 1024;

const widgetSource = (path: string) => join(WIDGET_PACKAGE_ROOT, 'src', path);
const demoSource = (path: string) => join(DEMO_PACKAGE_ROOT, 'src', path);

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
 * An adapter package as an in-page bundle: `adapters/<adapter>.mjs` re-exports the package's default export (its
 * plugin), so that the demo page can `import()` it. The backends come from the workspace (`@byosd/testbed`).
 */
const IN_PAGE_ADAPTER = 'in-page-adapter:';
const inPageAdapters: Plugin = {
  name: 'in-page-adapters',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^in-page-adapter:/ }, (args) => ({ path: args.path.slice(IN_PAGE_ADAPTER.length), namespace: 'in-page-adapter' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'in-page-adapter' }, (args) => ({
      contents: `export { default } from ${JSON.stringify(args.path)};`,
      resolveDir: DEMO_PACKAGE_ROOT,
      loader: 'js',
    }));
  },
};

const commonOptions = (minify: boolean) => ({
  bundle: true,
  platform: 'browser' as const,
  target: 'es2022',
  minify,
  conditions: ['byosd-source'],
  legalComments: 'none' as const,
  logLevel: 'warning' as const,
  plugins: [dropZodLocales, inPageAdapters],
});

/**
 * Builds the demo's browser bundles from the TypeScript sources:
 * - `byosd-widget.iife.js`: the widget's script-tag build (`window.Byosd`, registers `<byosd-chat>`): UI + gateway client;
 * - `byosd-widget.mjs` and the pages' `demo-page.mjs`, `carbon-page.mjs` (Carbon AI Chat with `@byosd/carbon`), `agent-console.mjs`, and one `adapters/<adapter>.mjs` per
 *   backend of the workspace whose adapter runs in the page, as ES modules sharing chunks, so that an in-page
 *   adapter does not bloat the widget;
 * - the pages themselves (public/).
 * Returns every bundle: its size, raw and gzipped, what went into it and which chunks it imports.
 */
export async function buildDemoBundles(options: BuildWidgetOptions = {}): Promise<BundleSize[]> {
  const outdir = options.outdir ?? DEFAULT_BUNDLE_DIRECTORY;
  const common = commonOptions(options.minify ?? true);
  await rm(outdir, { recursive: true, force: true });
  const inPage = demoBackends().filter((backend) => backend.demo.inPageOptions !== undefined);
  const modules = await build({
    ...common,
    metafile: true,
    entryPoints: {
      'byosd-widget': widgetSource('index.ts'),
      'demo-page': demoSource('page/demo-page.ts'),
      'carbon-page': demoSource('page/carbon-page.ts'),
      'agent-console': demoSource('console/agent-console.ts'),
      ...Object.fromEntries(inPage.map((backend) => [`adapters/${backend.demo.adapter.name}`, `${IN_PAGE_ADAPTER}${backend.package.packageName}`])),
    },
    format: 'esm',
    splitting: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
  });
  const script = await build({
    ...common,
    metafile: true,
    entryPoints: { 'byosd-widget.iife': widgetSource('iife.ts') },
    format: 'iife',
    globalName: 'Byosd',
    outdir,
  });
  await copyPublicFiles(outdir);
  return describeBundles(outdir, [modules.metafile, script.metafile]);
}

/**
 * Builds the widget package's own prebuilt bundles (what `@byosd/widget` resolves to in a bundler-free page):
 * `byosd-widget.mjs`, one ES module, and `byosd-widget.iife.js`, the script-tag build.
 */
export async function buildWidgetLibrary(outdir: string = WIDGET_BUNDLE_DIRECTORY): Promise<BundleSize[]> {
  const common = commonOptions(true);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const module = await build({
    ...common,
    metafile: true,
    entryPoints: { 'byosd-widget': widgetSource('index.ts') },
    format: 'esm',
    outdir,
    outExtension: { '.js': '.mjs' },
  });
  const script = await build({
    ...common,
    metafile: true,
    entryPoints: { 'byosd-widget.iife': widgetSource('iife.ts') },
    format: 'iife',
    globalName: 'Byosd',
    outdir,
  });
  return describeBundles(outdir, [module.metafile, script.metafile]);
}

async function copyPublicFiles(outdir: string): Promise<void> {
  const publicDirectory = join(DEMO_PACKAGE_ROOT, 'public');
  for (const file of await readdir(publicDirectory)) await copyFile(join(publicDirectory, file), join(outdir, file));
}

/** Each file esbuild wrote, from its metafiles (whose paths are relative to the working directory). */
async function describeBundles(outdir: string, metafiles: Metafile[]): Promise<BundleSize[]> {
  const inOutdir = (path: string) => relative(outdir, resolve(path));
  return Promise.all(
    metafiles
      .flatMap((metafile) => Object.entries(metafile.outputs))
      .map(async ([path, output]) => {
        const contents = await readFile(path);
        return {
          file: inOutdir(path),
          bytes: contents.length,
          gzipBytes: gzipSync(contents).length,
          inputs: Object.entries(output.inputs)
            .filter(([, input]) => input.bytesInOutput > 0)
            .map(([input]) => input),
          imports: output.imports.filter((imported) => imported.kind === 'import-statement' && !imported.external).map((imported) => inOutdir(imported.path)),
        };
      }),
  );
}
