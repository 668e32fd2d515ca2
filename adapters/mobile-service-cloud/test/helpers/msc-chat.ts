import { type ChatEvent, type ChatSession, connectMessage, type JsonObject, silentLogger } from '@byosd/core';
import { createMobileServiceCloudServiceDesk, type MobileServiceCloudOptionsInput } from '../../src/index.js';
import { startMobileServiceCloudWorld, type MobileServiceCloudWorld } from '../../testbed/index.js';

export interface MscChat {
  session: ChatSession;
  events: ChatEvent[];
  start(payload?: JsonObject, question?: string): Promise<void>;
}

/** A chat session of the adapter against the world's simulator, recording every event it publishes. */
export function openChat(world: MobileServiceCloudWorld, options: Partial<MobileServiceCloudOptionsInput> = {}): MscChat {
  const session = createMobileServiceCloudServiceDesk(
    { ...world.options, ...options },
    { webhookHub: world.webhookHub, store: world.store, logger: silentLogger },
  );
  const events: ChatEvent[] = [];
  session.events.subscribe((event) => void events.push(event));
  return {
    session,
    events,
    start: (payload = {}, question = 'My invoice is wrong') => session.startChat(connectMessage(question), { preStartChatPayload: payload }),
  };
}

export { startMobileServiceCloudWorld, type MobileServiceCloudWorld };
