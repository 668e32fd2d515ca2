import { type ChatEvent, connectMessage, loadServiceDesk, randomId, ServiceDeskRegistry } from '@byosd/core';
import { ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import { ExampleSimulator } from '@byosd/simulators';
import { setTimeout as sleep } from 'node:timers/promises';

/** How many chats each test starts. */
const CHATS = 50;
const agent = { id: 'agent-sam', name: 'Sam' };

/** The kinds of events each chat's user saw, by chat, once every start has resolved and the desk has gone quiet. */
async function startChats(load: () => ReturnType<typeof loadServiceDesk>, beforeEach: (index: number) => Promise<void> = async () => undefined): Promise<string[][]> {
  const seen: string[][] = [];
  for (let index = 0; index < CHATS; index += 1) {
    await beforeEach(index);
    const session = await load();
    const events: string[] = [];
    session.events.subscribe((event: ChatEvent) => void events.push(event.type));
    await session.startChat(connectMessage(`Where is parcel ${index}?`), {});
    seen.push(events);
  }
  // Longer than the adapter's gap resync (300 ms): an event that is only waiting would have arrived by now.
  await sleep(400);
  return seen;
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
      const seen = await startChats(() => loadServiceDesk('example', { deskName }, undefined, { registry }));
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
