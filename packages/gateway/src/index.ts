/**
 * @byosd/gateway: the server that hosts adapters for widgets (Node). The browser-safe proxy desk and frame
 * schemas are in `@byosd/gateway/client`, re-exported here too.
 */
export * from './client/index.js';
export { startGateway, type Gateway, type GatewayDependencies } from './server/start-gateway.js';
export { gatewayConfigSchema, parseGatewayConfig, type GatewayConfig, type GatewayConfigInput } from './config/gateway-config.js';
export { WIDGET_SOCKET_PATH } from './server/widget-socket-server.js';
export { widgetProtocolAsyncApi, widgetProtocolJsonSchema } from './protocol/asyncapi.js';
export { GatewayMetrics, type RelayDirection } from './ops/metrics.js';
export type { ChatRecord, ChatRecordStore } from './stores/chat-record-store.js';
export type { EventLog } from './stores/event-log.js';
export { LeaseLostError, type LeaseStore } from './stores/lease-store.js';
export type { InstanceRegistry } from './stores/instance-registry.js';
export type { AttemptLimit, AttemptLimitStore } from './stores/attempt-limit-store.js';
export type { HandoverAnswer, HandoverChannel, HandoverHandler } from './stores/handover-channel.js';
export type { ShortCodeRecord, ShortCodeRole, ShortCodeStore } from './stores/short-code-store.js';
export type { GatewayStores } from './stores/stores.js';
export { createMemoryStores } from './stores/memory/memory-stores.js';
export { createRedisStores, type RedisStoresOptions } from './stores/redis/redis-stores.js';
export * from './stores/store-test-suite.js';
export { generateShortCode, SHORT_CODE_ALPHABET } from './short-codes/short-code-generator.js';
export { createSessionToken, hashSessionToken } from './security/session-token.js';
export {
  configReferenceTable,
  describeConfigField,
  environmentName,
  flagName,
  GATEWAY_CONFIG_KEYS,
  readGatewayConfig,
  type GatewayConfigKey,
} from './config/config-sources.js';
