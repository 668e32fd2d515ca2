import fc from 'fast-check';
import { type ChatEvent, ChatEventBus, ErrorCode, isServiceDeskError } from '@byosd/core';

const typing = (isTyping: boolean) => ({ type: 'agentTyping', isTyping }) as const;

describe('ChatEventBus', () => {
  test('numbers events 1, 2, 3… per chat and stamps them with the time', () => {
    let now = 1000;
    const bus = new ChatEventBus({ chatId: 'chat-1', now: () => now++ });
    const events = [bus.publish(typing(true)), bus.publish(typing(false)), bus.publish({ type: 'agentReadMessages' })];
    expect(events.map((event) => [event.chatId, event.seq, event.at])).toEqual([
      ['chat-1', 1, 1000],
      ['chat-1', 2, 1001],
      ['chat-1', 3, 1002],
    ]);
    expect(bus.lastSeq).toBe(3);
  });

  test('every subscriber sees every event once, gap-free and in order, for any interleaving of publishes', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (flags, subscriberCount) => {
        const bus = new ChatEventBus({ chatId: 'c' });
        const seen: number[][] = Array.from({ length: subscriberCount }, () => []);
        seen.forEach((list) => bus.subscribe((event) => void list.push(event.seq)));
        flags.forEach((flag) => bus.publish(typing(flag)));
        const expected = flags.map((_, index) => index + 1);
        return seen.every((list) => JSON.stringify(list) === JSON.stringify(expected));
      }),
    );
  });

  test('a listener that publishes while being called does not reorder what the others see', () => {
    const bus = new ChatEventBus({ chatId: 'c' });
    const first: number[] = [];
    const second: number[] = [];
    bus.subscribe((event) => {
      first.push(event.seq);
      if (event.seq === 1) bus.publish(typing(false));
    });
    bus.subscribe((event) => void second.push(event.seq));
    bus.publish(typing(true));
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  test('replays the held events after a seq, then delivers live ones', () => {
    const bus = new ChatEventBus({ chatId: 'c' });
    for (let i = 0; i < 5; i += 1) bus.publish(typing(i % 2 === 0));
    const seen: number[] = [];
    bus.subscribe((event) => void seen.push(event.seq), { afterSeq: 2 });
    bus.publish(typing(true));
    expect(seen).toEqual([3, 4, 5, 6]);
    expect(bus.replay(0).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(bus.replay(6)).toEqual([]);
  });

  test('refuses a replay that would have a gap, naming the oldest event it still holds', () => {
    const bus = new ChatEventBus({ chatId: 'c', bufferSize: 3 });
    for (let i = 0; i < 10; i += 1) bus.publish(typing(true));
    expect(bus.replay(7).map((event) => event.seq)).toEqual([8, 9, 10]);
    let failure: unknown;
    try {
      bus.replay(5);
    } catch (error) {
      failure = error;
    }
    expect(isServiceDeskError(failure, ErrorCode.REPLAY_UNAVAILABLE)).toBe(true);
    expect((failure as Error).message).toContain('the oldest held is 8');
  });

  test('a bus that holds no events (bufferSize 0) still delivers each live one in order, and refuses any replay of the past', () => {
    const bus = new ChatEventBus({ chatId: 'c', bufferSize: 0 });
    const seen: number[] = [];
    bus.subscribe((event) => {
      seen.push(event.seq);
      if (event.seq === 1) bus.publish(typing(false));
    });
    bus.publish(typing(true));
    bus.publish(typing(true));
    expect(seen).toEqual([1, 2, 3]);
    expect(bus.replay(3)).toEqual([]);
    expect(() => bus.replay(2)).toThrow('the oldest held is 4');
  });

  test('a throwing or rejecting subscriber cannot stop delivery to the others or reach the publisher', async () => {
    const reported: unknown[] = [];
    const bus = new ChatEventBus({ chatId: 'c', onListenerError: (error) => reported.push(error) });
    const received: ChatEvent[] = [];
    bus.subscribe(() => {
      throw new Error('sync boom');
    });
    bus.subscribe(() => Promise.reject(new Error('async boom')));
    bus.subscribe((event) => void received.push(event));
    expect(() => bus.publish(typing(true))).not.toThrow();
    bus.publish(typing(false));
    expect(received.map((event) => event.seq)).toEqual([1, 2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported.map((error) => (error as Error).message).sort()).toEqual(['async boom', 'async boom', 'sync boom', 'sync boom']);
  });

  test('without onListenerError, a failing subscriber is logged with its chat, event and seq', () => {
    const logged: { fields: object; message: string }[] = [];
    const quiet = () => undefined;
    const logger = { debug: quiet, info: quiet, warn: quiet, error: (fields: object, message: string) => void logged.push({ fields, message }) };
    const bus = new ChatEventBus({ chatId: 'c', logger });
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.publish(typing(true));
    expect(logged).toEqual([{ fields: { chatId: 'c', event: 'agentTyping', seq: 1, err: new Error('boom') }, message: 'A chat event subscriber failed' }]);
  });

  test('unsubscribing stops delivery', () => {
    const bus = new ChatEventBus({ chatId: 'c' });
    const seen: number[] = [];
    const unsubscribe = bus.subscribe((event) => void seen.push(event.seq));
    bus.publish(typing(true));
    unsubscribe();
    bus.publish(typing(false));
    expect(seen).toEqual([1]);
  });

  test('a listener subscribed twice is called once, and unsubscribe(listener) stops it, even during a delivery', () => {
    const bus = new ChatEventBus({ chatId: 'c' });
    const seen: string[] = [];
    const first = (event: ChatEvent) => {
      seen.push(`first ${event.seq}`);
      // Leaving mid-delivery: the listener after it still gets this event, nobody gets the next from it.
      bus.unsubscribe(first);
    };
    const second = (event: ChatEvent) => void seen.push(`second ${event.seq}`);
    bus.subscribe(first);
    bus.subscribe(first);
    bus.subscribe(second);
    bus.publish(typing(true));
    bus.publish(typing(false));
    expect(seen).toEqual(['first 1', 'second 1', 'second 2']);
  });
});
