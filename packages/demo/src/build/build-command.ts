/**
 * `npm run build:widget`: builds the widget package's prebuilt bundles (packages/widget/dist/browser) and the
 * demo's pages and bundles (packages/demo/dist/browser), and reports their sizes. Fails when the script-tag
 * bundle (UI + gateway client) is over its 30 KB gzipped limit.
 */
import {
  buildDemoBundles,
  buildWidgetLibrary,
  type BundleSize,
  DEFAULT_BUNDLE_DIRECTORY,
  SCRIPT_TAG_BUNDLE,
  SCRIPT_TAG_GZIP_LIMIT_BYTES,
  WIDGET_BUNDLE_DIRECTORY,
} from './bundles.js';

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function report(directory: string, sizes: BundleSize[]): void {
  console.log(`Bundles in ${directory}:`);
  for (const size of [...sizes].sort((a, b) => a.file.localeCompare(b.file))) {
    console.log(`  ${size.file.padEnd(44)} ${kilobytes(size.bytes).padStart(9)}  ${kilobytes(size.gzipBytes).padStart(8)} gzipped`);
  }
}

async function main(): Promise<number> {
  const library = await buildWidgetLibrary();
  report(WIDGET_BUNDLE_DIRECTORY, library);
  report(DEFAULT_BUNDLE_DIRECTORY, await buildDemoBundles());
  const script = library.find((size) => size.file === SCRIPT_TAG_BUNDLE);
  if (!script) throw new Error(`The build made no ${SCRIPT_TAG_BUNDLE}`);
  const within = script.gzipBytes <= SCRIPT_TAG_GZIP_LIMIT_BYTES;
  console.log(`Script-tag bundle: ${kilobytes(script.gzipBytes)} gzipped, ${within ? 'within' : 'OVER'} the ${kilobytes(SCRIPT_TAG_GZIP_LIMIT_BYTES)} limit.`);
  return within ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
