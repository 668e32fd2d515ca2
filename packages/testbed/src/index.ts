/**
 * @byosd/testbed: the layer above the suite, the simulator kit and the gateway that only tools use (the CLI, the
 * demo, the browser tests, the chaos run). It finds every backend of the workspace from the `byosd.testbed` field
 * of each adapter's package.json, and runs a conformance target through the gateway. Node only.
 */
export * from './workspace.js';
export * from './backends.js';
export * from './resolve-target.js';
export * from './via-gateway.js';
export * from './package-graph.js';
