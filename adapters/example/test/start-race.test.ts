import { type ChatEvent, type ChatSession, connectMessage, loadServiceDesk, randomId, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import { ExampleSimulator } from '../testbed/index.js';

/** How many chats each test starts. */
const CHATS = 50;
const agent = { id: 'agent-sam', name: 'Sam' };

/**
 * Longer than the adapter's gap resync (300 ms), with room for a loaded machine: an event still on its way arrives
 * within it, a lost one never does.
 */
const ARRIVAL_BOUND_MS = 2000;

/**
 * Starts the chats one after another, then waits (within the bound) for each to show `last`, the event that ends
 * what the agent did; returns the kinds of events each chat's user saw.
 */
async function startChats(
  last: ChatEvent['type'],
  load: () => ReturnType<typeof loadServiceDesk>,
  beforeEach: (index: number) => Promise<void> = async () => undefined,
): Promise<string[][]> {
  const chats: Array<{ session: ChatSession; events: string[] }> = [];
  for (let index = 0; index < CHATS; index += 1) {
    await beforeEach(index);
    const session = await load();
    const events: string[] = [];
    session.events.subscribe((event: ChatEvent) => void events.push(event.type));
    await session.startChat(connectMessage(`Where is parcel ${index}?`), {});
    chats.push({ session, events });
  }
  await Promise.all(
    chats.map(({ session }) =>
      waitForEvent(session.events, (event) => event.type === last, last, { afterSeq: 0, timeoutMs: ARRIVAL_BOUND_MS }).catch(() => undefined),
    ),
  );
  return chats.map(({ events }) => events);
}

/**
 * The desk sends an agent event right behind the start reply, before the adapter has handled that reply (issue
 * 11). The adapter used to learn the desk's chat id only once `startChat`'s await resumed and dropped the event as
 * "someone else's": the user never saw the agent join, and nothing later recovered it when nothing else came.
 */
describe('the example adapter: an agent event right behind the start reply', () => {
  test(`in process: the agent accepts as the desk creates the chat, and all ${CHATS} users see agentJoined`, async () => {
    const desk = new ExampleDesk();
    const deskName = `start-race-${randomId()}`;
    const unregister = registerExampleDesk(deskName, desk);
    // Runs inside the desk's start handler, right after its reply: the join is the next frame on the connection.
    const stop = desk.onChatStarted((chat) => desk.accept(chat.id, agent));
    try {
      const registry = new ServiceDeskRegistry();
      const seen = await startChats('agentJoined', () => loadServiceDesk('example', { deskName }, undefined, { registry }));
      const lost = seen.filter((events) => !events.includes('agentJoined')).length;
      expect({ lost, of: CHATS }).toEqual({ lost: 0, of: CHATS });
    } finally {
      stop();
      unregister();
    }
  });

  test(`over a WebSocket: the agent joins, speaks and ends in the tick the chat is created, and all ${CHATS} users see all three`, async () => {
    const simulator = new ExampleSimulator({ seed: 1 });
    await simulator.start();
    try {
      const registry = new ServiceDeskRegistry();
      const seen = await startChats(
        'agentEndedChat',
        () => loadServiceDesk('example', { url: simulator.deskUrl }, undefined, { registry }),
        (index) => simulator.agent.actOnNextChat([{ type: 'accept', agent }, { type: 'say', text: `Hello ${index}` }, { type: 'end' }]),
      );
      const wanted = ['agentJoined', 'sendMessageToUser', 'agentEndedChat'];
      const incomplete = seen.filter((events) => JSON.stringify(events.filter((type) => wanted.includes(type))) !== JSON.stringify(wanted)).length;
      expect({ incomplete, of: CHATS }).toEqual({ incomplete: 0, of: CHATS });
    } finally {
      await simulator.stop();
    }
  });
});
