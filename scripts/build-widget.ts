/**
 * `npm run build:widget`: builds the browser bundles into packages/widget/dist/browser and reports their sizes.
 * The widget's target is the script-tag bundle (UI + gateway client) under 25 KB gzipped.
 */
import { buildWidgetBundles, DEFAULT_BUNDLE_DIRECTORY } from '@byosd/widget/build';

const TARGET_GZIP_BYTES = 25 * 1024;

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

buildWidgetBundles().then(
  (sizes) => {
    console.log(`Widget bundles in ${DEFAULT_BUNDLE_DIRECTORY}:`);
    for (const size of sizes.sort((a, b) => a.file.localeCompare(b.file))) {
      console.log(`  ${size.file.padEnd(44)} ${kilobytes(size.bytes).padStart(9)}  ${kilobytes(size.gzipBytes).padStart(8)} gzipped`);
    }
    const iife = sizes.find((size) => size.file === 'byosd-widget.iife.js');
    if (iife) {
      const verdict = iife.gzipBytes <= TARGET_GZIP_BYTES ? 'within' : 'over';
      console.log(`Script-tag bundle: ${kilobytes(iife.gzipBytes)} gzipped, ${verdict} the ${kilobytes(TARGET_GZIP_BYTES)} target.`);
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
