/**
 * @byosd/adapter-chatvisor: Chatvisor (TeamViewer Engage). Its default export is the plugin:
 * `loadServiceDesk('chatvisor', options)` finds it by name. Node only.
 */
import { chatvisorAdapter } from './plugin.js';

export default chatvisorAdapter;
export { chatvisorAdapter };
export { ChatvisorServiceDesk } from './chatvisor-service-desk.js';
export { chatvisorOptionsSchema, CHATVISOR_SECRET_OPTIONS, type ChatvisorOptions, type ChatvisorOptionsInput } from './chatvisor-options.js';
export { chatvisorWebhookRoutes, webhookPath, webhookKey, hasValidHmac, type ChatvisorWebhookEvent } from './webhook-routes.js';
export { ChatvisorApi, type ChatvisorApiOptions } from './chatvisor-api.js';
export { DeliveryWatch, type DeliveryMode, type DeliveryWatchOptions } from './delivery-watch.js';
export { agentProfileOf } from './agent-profile.js';
export {
  syncAgentAccounts,
  planAgentSync,
  agentAccountSchema,
  agentSyncConnectionSchema,
  type AgentAccount,
  type AgentSyncConnection,
  type AgentSyncSettings,
  type AgentSyncPlan,
  type AgentSyncResult,
} from './agent-sync.js';
export { CHATVISOR_PATHS, CHATVISOR_REST_BASE, chatvisorPath, WEBHOOK_EVENTS, type WebhookEvent } from '../protocol/index.js';
