/**
 * @byosd/adapter-example: the reference adapter. Its default export is the plugin:
 * `loadServiceDesk('example', {})` finds it by name.
 */
import { exampleAdapter } from './plugin.js';

export default exampleAdapter;
export { exampleAdapter };
export { ExampleServiceDesk } from './example-service-desk.js';
export { exampleOptionsSchema, type ExampleOptions, type ExampleOptionsInput } from './example-options.js';
export { ExampleDesk, type DeskChat, type DeskClient, type DeskConnection, type ExampleDeskOptions, type ReceivedMessage } from '../desk/example-desk.js';
export { startAutoAgent, type AutoAgentOptions } from '../desk/auto-agent.js';
export { getExampleDesk, registerExampleDesk } from './in-process-desks.js';
export * from '../protocol/desk-protocol.js';
