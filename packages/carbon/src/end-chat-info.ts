import type { EndChatInfo } from '@byosd/core';
import type { EndChatInfo as CarbonEndChatInfo } from '@carbon/ai-chat';
import { optionalJsonPayload } from './json-payload.js';

/**
 * Carbon's `{ endedByHumanAgent, preEndChatPayload }` as byosd's `{ endedByAgent, preEndChatPayload? }`. Carbon
 * sends `preEndChatPayload: null` when no listener set one: that is "no payload", not bad input.
 */
export function toByosdEndChatInfo(info: Partial<CarbonEndChatInfo> | undefined): EndChatInfo {
  const payload = optionalJsonPayload('preEndChatPayload', info?.preEndChatPayload);
  return { endedByAgent: info?.endedByHumanAgent === true, ...(payload ? { preEndChatPayload: payload } : {}) };
}
