import {
  type AdapterPlugin,
  createMemoryWebhookHub,
  ErrorCode,
  type Logger,
  parseOrThrow,
  silentLogger,
  type ServiceDesk,
  type ServiceDeskCallback,
  type WebhookHub,
} from '@byosd/core';
import type { CreateDeskParams } from './conformance-target.js';

/**
 * The usual `ConformanceHarness.createDesk`: parses `options` once with the plugin's schema (INVALID_OPTIONS
 * names each bad field) and creates each desk with `plugin.create`, as a chat session would. Desks of a webhook
 * adapter share `webhookHub` with the routes that a `startWebhookHost` mounted.
 */
export function pluginDeskFactory(
  plugin: AdapterPlugin,
  options: unknown,
  logger: Logger = silentLogger,
  webhookHub: WebhookHub = createMemoryWebhookHub(),
): (callback: ServiceDeskCallback, params: CreateDeskParams) => ServiceDesk {
  const parsed: unknown = parseOrThrow(plugin.optionsSchema, options, ErrorCode.INVALID_OPTIONS, `Invalid options for adapter "${plugin.name}"`);
  return (callback, params) => plugin.create({ options: parsed, callback, chatId: params.chatId, capabilities: plugin.capabilities, logger, webhookHub });
}
