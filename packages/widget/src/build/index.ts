/** @byosd/widget/build: builds the browser bundles (Node). */
export * from './widget-bundles.js';
