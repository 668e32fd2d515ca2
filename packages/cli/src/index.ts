export { main } from './main.js';
export { type CommandIo, processIo, UsageError } from './command-io.js';
export { runDemo, type DemoOptions } from './commands/demo.js';
export { runConformanceCommand } from './commands/conformance.js';
export { runSimulateCommand } from './commands/simulate.js';
export { GATEWAY_USAGE, runGateway, type GatewayCommandOptions } from './commands/gateway.js';
export { NEW_ADAPTER_USAGE, runNewAdapterCommand } from './commands/new-adapter.js';
export { runStartCommand } from './commands/start.js';
