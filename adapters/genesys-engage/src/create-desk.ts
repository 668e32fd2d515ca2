import { type ChatSession, defaultRegistry, type LoadServiceDeskParams, type ServiceDeskCallback } from '@byosd/core';
import type { GenesysEngageOptionsInput } from './genesys-engage-options.js';
import { genesysEngageAdapter } from './plugin.js';

/**
 * A Genesys Engage chat, ready to start: the adapter registered (once) in `params.registry` or the default one, and
 * a chat session loaded from it with `options` checked by the schema (INVALID_OPTIONS names each bad field).
 *
 * ```ts
 * const desk = await createGenesysEngageServiceDesk({ baseUrl: 'https://gws.example.com', contactCenterId }, { sendMessageToUser });
 * await desk.startChat(connectMessage('Where is my order?'), { preStartChatPayload: { nickname: 'Chris' } });
 * ```
 */
export function createGenesysEngageServiceDesk(
  options: GenesysEngageOptionsInput,
  callback?: Partial<ServiceDeskCallback>,
  params: LoadServiceDeskParams = {},
): Promise<ChatSession> {
  const registry = (params.registry ?? defaultRegistry).register(genesysEngageAdapter);
  return registry.load(genesysEngageAdapter.name, options, callback, params);
}
