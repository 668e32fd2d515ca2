/**
 * @byosd/adapter-genesys-cloud: the Genesys Cloud Web Messaging guest API as a byosd adapter. Its default export
 * is the plugin: `loadServiceDesk('genesys-cloud', { deploymentId, region })` finds it by name. Server-side
 * pieces (the OAuth availability route) are in `@byosd/adapter-genesys-cloud/server`.
 */
import { genesysCloudAdapter } from './plugin.js';

export default genesysCloudAdapter;
export { genesysCloudAdapter };
export { GenesysCloudServiceDesk } from './genesys-cloud-service-desk.js';
export { genesysCloudOptionsSchema, guestWebSocketUrl, type GenesysCloudOptions, type GenesysCloudOptionsInput } from './genesys-cloud-options.js';
export { preChatAttributes } from './pre-chat-attributes.js';
export { HEARTBEAT_TRACING_ID } from './guest-connection.js';
export * from '../protocol/index.js';
