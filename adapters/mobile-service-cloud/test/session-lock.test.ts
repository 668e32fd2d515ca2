import { randomUUID } from 'node:crypto';
import { createMemoryAdapterStore } from '@byosd/core';
import { createRedisStores } from '@byosd/gateway';
import { SessionLock } from '../src/index.js';
import { type MobileServiceCloudWorld, openChat, startMobileServiceCloudWorld } from './helpers/msc-chat.js';

const HOUR = 3_600_000;

describe('the 24-hour lock after a handover', () => {
  it('slides with every activity and is released after 24 hours of silence (fake clock, memory store)', async () => {
    let now = 0;
    const lock = new SessionLock(createMemoryAdapterStore({ now: () => now }), 24 * HOUR, () => now);
    expect(await lock.isLocked('chat-1')).toBe(false);
    await lock.touch('chat-1');
    now += 23 * HOUR;
    expect(await lock.isLocked('chat-1')).toBe(true);
    await lock.touch('chat-1'); // activity at 23 h: the lock now runs until 47 h
    now += 23 * HOUR;
    expect(await lock.isLocked('chat-1')).toBe(true);
    expect(await lock.isLocked('chat-2')).toBe(false);
    now += HOUR;
    expect(await lock.isLocked('chat-1')).toBe(false);
  });

  it('holds in Redis, so every gateway instance sees it, and lapses after the silence', async () => {
    const stores = await createRedisStores({ url: 'redis://127.0.0.1:6379', keyPrefix: `byosd-test-${randomUUID()}:` });
    try {
      const store = stores.adapterStore?.('mobile-service-cloud');
      expect(store).toBeDefined();
      const ttlMs = 400;
      const instanceA = new SessionLock(store, ttlMs);
      const instanceB = new SessionLock(stores.adapterStore?.('mobile-service-cloud'), ttlMs);
      await instanceA.touch('chat-r');
      expect(await instanceB.isLocked('chat-r')).toBe(true);
      // Activity on the other instance slides it.
      const slidAt = Date.now();
      await instanceB.touch('chat-r');
      expect(await instanceA.isLocked('chat-r')).toBe(true);
      // Released once ttlMs pass without activity (polled with a bound; Redis expires keys on its own clock).
      const deadline = slidAt + ttlMs + 2000;
      while ((await instanceA.isLocked('chat-r')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Date.now() - slidAt).toBeGreaterThanOrEqual(ttlMs - 5);
      expect(await instanceA.isLocked('chat-r')).toBe(false);
    } finally {
      await stores.close();
    }
  });

  describe('end to end', () => {
    let world: MobileServiceCloudWorld;
    let now = 0;

    beforeEach(async () => {
      now = 0;
      world = await startMobileServiceCloudWorld({ seed: 5, store: createMemoryAdapterStore({ now: () => now }) });
    });
    afterEach(() => world.close());

    const botRequests = () => world.simulator.recorder.all().filter((request) => request.path.startsWith('/ai/')).length;
    const payload = { endUserId: 'visitor-42', name: 'Ada', email: 'ada@example.com' };

    it('after a handover nothing reaches the bot for that end user: a new chat goes straight to MSC', async () => {
      const first = openChat(world);
      await first.start(payload, 'First question');
      await first.session.endChat();
      const before = botRequests();
      expect(before).toBeGreaterThan(0);

      now += 23 * HOUR;
      const second = openChat(world);
      await second.start(payload, 'Second question');
      expect(botRequests()).toBe(before);
      expect((await world.simulator.agent.waitForChat('Second question', 2000)).status).toBe('queued');
      await second.session.endChat();

      // A different end user still talks to the bot.
      const other = openChat(world);
      await other.start({ ...payload, endUserId: 'visitor-43' }, 'Other question');
      expect(botRequests()).toBeGreaterThan(before);
      await other.session.endChat();
    });

    it('after 24 hours without activity the bot takes the end user again', async () => {
      const first = openChat(world);
      await first.start(payload, 'First question');
      await first.session.endChat();
      const before = botRequests();
      now += 24 * HOUR + 1;
      const later = openChat(world);
      await later.start(payload, 'A day later');
      expect(botRequests()).toBeGreaterThan(before);
      await later.session.endChat();
    });
  });
});
