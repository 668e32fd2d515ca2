/**
 * @byosd/adapter-genesys-engage: the Genesys Engage GWS customer chat API as a byosd adapter. Its default export is
 * the plugin: `loadServiceDesk('genesys-engage', { baseUrl, contactCenterId })` finds it by name, and
 * `createGenesysEngageServiceDesk(options, callback)` loads it directly. Runs in a page (CORS) or on the gateway.
 */
import { genesysEngageAdapter } from './plugin.js';

export default genesysEngageAdapter;
export { genesysEngageAdapter };
export { createGenesysEngageServiceDesk } from './create-desk.js';
export { GenesysEngageServiceDesk } from './genesys-engage-service-desk.js';
export { genesysEngageOptionsSchema, type GenesysEngageOptions, type GenesysEngageOptionsInput } from './genesys-engage-options.js';
export { PollingPolicy, type PollingSettings } from './polling-policy.js';
export { NICKNAME_KEY, preChatUserData } from './pre-chat-user-data.js';
export * from '../protocol/index.js';
