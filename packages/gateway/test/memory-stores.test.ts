import { createMemoryStores, storeTestSuite, type WireEvent } from '@byosd/gateway';

storeTestSuite({ describe, test }, 'memory', async () => createMemoryStores());

describe('memory event log', () => {
  test('an event whose last member nests the chat id, seq and time reads back whole', async () => {
    // The log leaves out each held event's top-level chatId: a nested one that ends like an event must stay.
    const { events } = createMemoryStores();
    const event = {
      chatId: 'c1',
      seq: 1,
      at: 2,
      type: 'agentTyping',
      isTyping: true,
      detail: { note: 'x', chatId: 'c1', seq: 1, at: 2 },
    } as unknown as WireEvent;
    await events.append(event, 100, 60_000);
    expect(await events.readAfter('c1', 0)).toEqual([event]);
  });
});
