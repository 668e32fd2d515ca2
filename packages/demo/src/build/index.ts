/** The demo's bundle build (Node): the widget's prebuilt bundles, and the demo pages with every in-page adapter. */
export * from './bundles.js';
