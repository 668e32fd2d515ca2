import { deskSourceSchema, type DeskSource } from '@byosd/widget/desk-source';
import { ErrorCode, parseOrThrow } from '@byosd/core';
import type { ChatInstance, HistoryItem, ServiceDesk, ServiceDeskFactoryParameters } from '@carbon/ai-chat';
import { loadCarbonHistory } from './carbon-history.js';
import { CarbonServiceDesk } from './carbon-service-desk.js';
import { carbonFacing } from './declared-methods.js';

/** What `carbonServiceDeskFactory` returns: Carbon's `serviceDeskFactory`, with the history loader beside it. */
export interface CarbonServiceDeskFactory {
  (parameters: ServiceDeskFactoryParameters): Promise<ServiceDesk>;
  /**
   * For Carbon's `messaging.customLoadHistory`: the messages of the chat with the agent, shown again after a
   * reload (Carbon resumes the chat but keeps none of them). Combine it with a loader of your own for the bot's.
   */
  loadHistory(instance: ChatInstance): Promise<HistoryItem[]>;
}

/**
 * Carbon AI Chat's `serviceDeskFactory` over any byosd adapter: the same source as the widget's `openDesk`,
 * through a gateway (`{ gateway: { url, adapter } }`) or an adapter in the page (`{ plugin, options }`).
 *
 * @throws INVALID_OPTIONS naming the field when the source is malformed.
 */
export function carbonServiceDeskFactory(source: DeskSource): CarbonServiceDeskFactory {
  const checked = parseOrThrow(deskSourceSchema, source, ErrorCode.INVALID_OPTIONS, 'Invalid desk source');
  const factory = async ({ callback, persistedState }: ServiceDeskFactoryParameters): Promise<ServiceDesk> =>
    carbonFacing(new CarbonServiceDesk(checked, callback, persistedState));
  return Object.assign(factory, { loadHistory: loadCarbonHistory });
}
