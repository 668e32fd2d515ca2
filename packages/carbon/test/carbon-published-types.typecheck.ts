/**
 * A type-level test, run by `npm run typecheck` (not by jest): the bridge against Carbon AI Chat's published types.
 * A Carbon release that changes the service-desk API the bridge relies on fails to compile here.
 */
import type {
  CdsAiChatContainerAttributes,
  ChatInstance,
  ErrorType,
  HistoryItem,
  PublicConfig,
  ServiceDesk,
  ServiceDeskErrorInfo,
  ServiceDeskFactoryParameters,
} from '@carbon/ai-chat';
import { CARBON_ERROR_TYPE, carbonServiceDeskFactory, toCarbonErrorInfo } from '../src/index.js';

const factory = carbonServiceDeskFactory({ gateway: { url: 'ws://127.0.0.1:8080/v1/chat', adapter: 'example' } });

// What Carbon's config takes, in React and in the <cds-aichat-container> web component alike.
export const config: PublicConfig = { serviceDeskFactory: factory, messaging: { customLoadHistory: factory.loadHistory } };
export const containerConfig: CdsAiChatContainerAttributes = { serviceDeskFactory: factory, messaging: { customLoadHistory: factory.loadHistory } };

// The factory's exact shape, and what it resolves to.
export const asFactory: (parameters: ServiceDeskFactoryParameters) => Promise<ServiceDesk> = factory;
export const asHistoryLoader: (instance: ChatInstance) => Promise<HistoryItem[]> = factory.loadHistory;

// The numeric error types, value for value.
export const connecting: ErrorType.CONNECTING = CARBON_ERROR_TYPE.CONNECTING;
export const disconnected: ErrorType.DISCONNECTED = CARBON_ERROR_TYPE.DISCONNECTED;
export const userMessage: ErrorType.USER_MESSAGE = CARBON_ERROR_TYPE.USER_MESSAGE;
export const mapped: ServiceDeskErrorInfo | undefined = toCarbonErrorInfo({ type: 'USER_MESSAGE', messageId: 'm-1' });

// Carbon calls reconnect without an argument, and may call every optional method the bridge offers.
export async function callsCarbonMakes(desk: ServiceDesk): Promise<void> {
  await desk.reconnect?.();
  await desk.endChat({ endedByHumanAgent: false, preEndChatPayload: null });
  await desk.userTyping?.(true);
}
