import assert from 'node:assert/strict';
import { isServiceDeskError, SPEC_VERSION } from '@byosd/core';
import type { WireEvent } from '../protocol/server-frames.js';
import type { ChatRecord } from './chat-record-store.js';
import type { HandoverAnswer } from './handover-channel.js';
import { LeaseLostError } from './lease-store.js';
import type { GatewayStores } from './stores.js';

/** The test functions of the runner (jest, vitest, node:test all fit). */
export interface StoreSuiteRunner {
  describe(name: string, body: () => void): void;
  test(name: string, body: () => Promise<void>): void;
}

/** Returns a fresh, isolated set of stores; `close()` must also remove whatever the test wrote. */
export type StoresFactory = () => Promise<GatewayStores>;

const TTL = 60_000;
/** Long enough for a round trip to Redis, short enough to wait out in a test. */
const SHORT_TTL = 40;

/**
 * The one suite every store implementation passes, called in one line:
 * `storeTestSuite({ describe, test }, 'redis', () => createTestRedisStores())`.
 * Each group is exported on its own as well.
 */
export function storeTestSuite(runner: StoreSuiteRunner, name: string, factory: StoresFactory): void {
  runner.describe(`gateway stores: ${name}`, () => {
    chatRecordStoreTests(runner, factory);
    eventLogTests(runner, factory);
    leaseStoreTests(runner, factory);
    instanceRegistryTests(runner, factory);
    shortCodeStoreTests(runner, factory);
    attemptLimitStoreTests(runner, factory);
    handoverChannelTests(runner, factory);
  });
}

/** Runs `body` with fresh stores and closes them afterwards, whatever happens. */
function withStores(factory: StoresFactory, body: (stores: GatewayStores) => Promise<void>): () => Promise<void> {
  return async () => {
    const stores = await factory();
    try {
      await body(stores);
    } finally {
      await stores.close();
    }
  };
}

/** Waits, within a bound, until `check` holds: for expiry, which only the passing of time brings. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`Waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function chatRecord(chatId: string): ChatRecord {
  return { chatId, adapter: 'example', tokenHash: 'a'.repeat(64), createdAt: 1_700_000_000_000 };
}

function textEvent(chatId: string, seq: number): WireEvent {
  return { chatId, seq, at: 1_700_000_000_000 + seq, type: 'agentTyping', isTyping: seq % 2 === 0 };
}

export function chatRecordStoreTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('chat records', () => {
    runner.test(
      'a created record reads back as it was stored',
      withStores(factory, async ({ chats }) => {
        assert.equal(await chats.create(chatRecord('c1'), TTL), true);
        assert.deepEqual(await chats.get('c1'), chatRecord('c1'));
        assert.equal(await chats.get('nobody'), undefined);
      }),
    );

    runner.test(
      'creating a record whose id exists changes nothing',
      withStores(factory, async ({ chats }) => {
        await chats.create(chatRecord('c1'), TTL);
        assert.equal(await chats.create({ ...chatRecord('c1'), adapter: 'other' }, TTL), false);
        assert.equal((await chats.get('c1'))?.adapter, 'example');
      }),
    );

    runner.test(
      'an update sets the persisted chat and the end, and keeps the rest',
      withStores(factory, async ({ chats }) => {
        await chats.create(chatRecord('c1'), TTL);
        const persisted = { specVersion: SPEC_VERSION, adapter: 'example', chatId: 'c1', state: 'queued' as const, desk: { deskChatId: 'd1', lastEventId: 3 } };
        assert.equal(await chats.update('c1', { persisted }, TTL), true);
        assert.equal(await chats.update('c1', { endedAt: 42 }, TTL), true);
        assert.deepEqual(await chats.get('c1'), { ...chatRecord('c1'), persisted, endedAt: 42 });
        assert.equal(await chats.update('nobody', { endedAt: 1 }, TTL), false);
        assert.equal(await chats.get('nobody'), undefined);
      }),
    );

    runner.test(
      'a deleted record is gone',
      withStores(factory, async ({ chats }) => {
        await chats.create(chatRecord('c1'), TTL);
        await chats.delete('c1');
        assert.equal(await chats.get('c1'), undefined);
      }),
    );

    runner.test(
      'a record expires after its time to live',
      withStores(factory, async ({ chats }) => {
        await chats.create(chatRecord('c1'), SHORT_TTL);
        await eventually(async () => (await chats.get('c1')) === undefined, 'the record to expire');
      }),
    );
  });
}

export function eventLogTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('event log', () => {
    runner.test(
      'an event reads back as it was written, in any order of its members, whatever its text says',
      withStores(factory, async ({ events }) => {
        // The gateway's order (type and body, then chatId, seq and at), written with its JSON as the gateway does.
        const tricky = ',"chatId":"c1","seq":1,"at":2}';
        const inGatewayOrder: WireEvent = {
          type: 'sendMessageToUser',
          message: { output: { generic: [{ response_type: 'text', text: tricky }] } },
          agentId: tricky,
          chatId: 'c1',
          seq: 1,
          at: 2,
        };
        await events.append(inGatewayOrder, 100, TTL, { json: JSON.stringify(inGatewayOrder) });
        await events.append(textEvent('c1', 2), 100, TTL);
        assert.deepEqual(await events.readAfter('c1', 0), [inGatewayOrder, textEvent('c1', 2)]);
      }),
    );
    runner.test(
      'returns the events after a seq, in order, each once',
      withStores(factory, async ({ events }) => {
        for (let seq = 1; seq <= 5; seq += 1) await events.append(textEvent('c1', seq), 100, TTL);
        await events.append(textEvent('c1', 3), 100, TTL);
        assert.deepEqual(await events.readAfter('c1', 2), [textEvent('c1', 3), textEvent('c1', 4), textEvent('c1', 5)]);
        assert.deepEqual(await events.readAfter('c1', 5), []);
        assert.deepEqual(
          await events.readAfter('c1', 0),
          [1, 2, 3, 4, 5].map((seq) => textEvent('c1', seq)),
        );
      }),
    );

    runner.test(
      'keeps chats apart',
      withStores(factory, async ({ events }) => {
        await events.append(textEvent('c1', 1), 100, TTL);
        await events.append(textEvent('c2', 1), 100, TTL);
        assert.deepEqual(await events.readAfter('c2', 0), [textEvent('c2', 1)]);
        assert.deepEqual(await events.readAfter('nobody', 0), []);
      }),
    );

    runner.test(
      'keeps a seq gap left by events the client never sees',
      withStores(factory, async ({ events }) => {
        await events.append(textEvent('c1', 1), 100, TTL);
        await events.append(textEvent('c1', 4), 100, TTL);
        assert.deepEqual(await events.readAfter('c1', 1), [textEvent('c1', 4)]);
      }),
    );

    runner.test(
      'past its limit drops the oldest, and refuses a replay that would miss them',
      withStores(factory, async ({ events }) => {
        for (let seq = 1; seq <= 6; seq += 1) await events.append(textEvent('c1', seq), 3, TTL);
        assert.deepEqual(
          await events.readAfter('c1', 3),
          [4, 5, 6].map((seq) => textEvent('c1', seq)),
        );
        assert.equal(await events.lastSeq('c1'), 6);
        assert.equal(await events.lastSeq('nobody'), 0);
        await assert.rejects(events.readAfter('c1', 1), (error: unknown) => isServiceDeskError(error, 'REPLAY_UNAVAILABLE'));
        assert.deepEqual(
          await events.readHeld('c1'),
          [4, 5, 6].map((seq) => textEvent('c1', seq)),
        );
        assert.deepEqual(await events.readHeld('nobody'), []);
      }),
    );

    runner.test(
      'a deleted log is empty',
      withStores(factory, async ({ events }) => {
        await events.append(textEvent('c1', 1), 100, TTL);
        await events.delete('c1');
        assert.deepEqual(await events.readAfter('c1', 0), []);
      }),
    );
  });
}

export function leaseStoreTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('ownership leases', () => {
    runner.test(
      'one owner at a time; the holder may take it again',
      withStores(factory, async ({ leases }) => {
        assert.equal(await leases.acquire('c1', 'a', TTL), true);
        assert.equal(await leases.acquire('c1', 'b', TTL), false);
        assert.equal(await leases.acquire('c1', 'a', TTL), true);
        assert.equal(await leases.holder('c1'), 'a');
        assert.equal(await leases.holder('c2'), undefined);
      }),
    );

    runner.test(
      'only the holder renews or releases',
      withStores(factory, async ({ leases }) => {
        await leases.acquire('c1', 'a', TTL);
        assert.equal(await leases.renew('c1', 'b', TTL), false);
        await leases.release('c1', 'b');
        assert.equal(await leases.holder('c1'), 'a');
        assert.equal(await leases.renew('c1', 'a', TTL), true);
        await leases.release('c1', 'a');
        assert.equal(await leases.acquire('c1', 'b', TTL), true);
      }),
    );

    runner.test(
      'of owners racing for a free chat exactly one wins',
      withStores(factory, async ({ leases }) => {
        const owners = Array.from({ length: 8 }, (_, index) => `owner-${index}`);
        const won = await Promise.all(owners.map((owner) => leases.acquire('c1', owner, TTL)));
        assert.equal(won.filter(Boolean).length, 1);
      }),
    );

    runner.test(
      "a dead owner's lease is taken over only from that owner, and by one of those racing for it",
      withStores(factory, async ({ leases }) => {
        await leases.acquire('c1', 'a', TTL);
        assert.equal(await leases.takeOver('c1', 'x', 'b', TTL), false);
        assert.equal(await leases.holder('c1'), 'a');
        const won = await Promise.all(['b', 'c', 'd'].map((owner) => leases.takeOver('c1', 'a', owner, TTL)));
        assert.equal(won.filter(Boolean).length, 1);
        const winner = await leases.holder('c1');
        assert.equal(await leases.renew('c1', 'a', TTL), false);
        assert.equal(await leases.renew('c1', winner ?? '', TTL), true);
        assert.equal(await leases.takeOver('c2', 'a', 'b', TTL), false);
        assert.equal(await leases.holder('c2'), undefined);
      }),
    );

    runner.test(
      'an append fenced by an owner is refused, and changes nothing, while another owner holds the lease',
      withStores(factory, async ({ leases, events }) => {
        await leases.acquire('c1', 'a', TTL);
        await events.append(textEvent('c1', 1), 100, TTL, { owner: 'a' });
        await leases.takeOver('c1', 'a', 'b', TTL);
        await assert.rejects(events.append(textEvent('c1', 2), 100, TTL, { owner: 'a' }), (error: unknown) => error instanceof LeaseLostError);
        assert.deepEqual(await events.readHeld('c1'), [textEvent('c1', 1)]);
        await events.append(textEvent('c1', 2), 100, TTL, { owner: 'b' });
        // Nobody holds the lease (it lapsed, or the store restarted empty): its last owner may write the log back.
        await leases.release('c1', 'b');
        await events.append(textEvent('c1', 3), 100, TTL, { owner: 'a' });
        assert.deepEqual(await events.readHeld('c1'), [textEvent('c1', 1), textEvent('c1', 2), textEvent('c1', 3)]);
      }),
    );

    runner.test(
      'a record update fenced by an owner is refused, and changes nothing, while another owner holds the lease',
      withStores(factory, async ({ leases, chats }) => {
        await chats.create(chatRecord('c1'), TTL);
        await leases.acquire('c1', 'a', TTL);
        assert.equal(await chats.update('c1', { endedAt: 1 }, TTL, 'a'), true);
        await leases.takeOver('c1', 'a', 'b', TTL);
        await assert.rejects(chats.update('c1', { endedAt: 2 }, TTL, 'a'), (error: unknown) => error instanceof LeaseLostError);
        assert.equal((await chats.get('c1'))?.endedAt, 1);
        assert.equal(await chats.update('c1', { endedAt: 3 }, TTL, 'b'), true);
        assert.equal(await chats.update('nobody', { endedAt: 3 }, TTL, 'b'), false);
        assert.equal((await chats.get('c1'))?.endedAt, 3);
      }),
    );

    runner.test(
      'a lease that is not renewed runs out and another owner takes over',
      withStores(factory, async ({ leases }) => {
        await leases.acquire('c1', 'a', SHORT_TTL);
        await eventually(() => leases.acquire('c1', 'b', TTL), 'the lease to run out');
        assert.equal(await leases.renew('c1', 'a', TTL), false);
      }),
    );
  });
}

export function instanceRegistryTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('instance presence', () => {
    runner.test(
      'an instance is alive from its first heartbeat; each later one says the presence had not lapsed',
      withStores(factory, async ({ instances }) => {
        assert.equal(await instances.isAlive('a'), false);
        assert.equal(await instances.heartbeat('a', TTL), false);
        assert.equal(await instances.isAlive('a'), true);
        assert.equal(await instances.heartbeat('a', TTL), true);
        assert.equal(await instances.isAlive('b'), false);
      }),
    );

    runner.test(
      'a presence not renewed lapses; the next heartbeat says so',
      withStores(factory, async ({ instances }) => {
        await instances.heartbeat('a', SHORT_TTL);
        await eventually(async () => !(await instances.isAlive('a')), 'the presence to lapse');
        assert.equal(await instances.heartbeat('a', TTL), false);
        assert.equal(await instances.isAlive('a'), true);
      }),
    );

    runner.test(
      'an instance that leaves is dead at once',
      withStores(factory, async ({ instances }) => {
        await instances.heartbeat('a', TTL);
        await instances.heartbeat('b', TTL);
        await instances.leave('a');
        assert.equal(await instances.isAlive('a'), false);
        assert.equal(await instances.isAlive('b'), true);
      }),
    );
  });
}

export function shortCodeStoreTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  const record = { sessionToken: 'token-1', cid: 'cid-1', chatId: 'c1', createdAt: 1_700_000_000_000 };
  runner.describe('short codes', () => {
    runner.test(
      'a code is unique',
      withStores(factory, async ({ shortCodes }) => {
        assert.equal(await shortCodes.create('ABC234', record, TTL), true);
        assert.equal(await shortCodes.create('ABC234', { ...record, cid: 'cid-2' }, TTL), false);
      }),
    );

    runner.test(
      'each side redeems a code once',
      withStores(factory, async ({ shortCodes }) => {
        await shortCodes.create('ABC234', record, TTL);
        assert.deepEqual(await shortCodes.redeem('ABC234', 'consumer'), record);
        assert.equal(await shortCodes.redeem('ABC234', 'consumer'), undefined);
        assert.deepEqual(await shortCodes.redeem('ABC234', 'agent'), record);
        assert.equal(await shortCodes.redeem('ABC234', 'agent'), undefined);
        assert.equal(await shortCodes.redeem('ZZZ999', 'consumer'), undefined);
      }),
    );

    runner.test(
      'of racing redemptions exactly one succeeds',
      withStores(factory, async ({ shortCodes }) => {
        await shortCodes.create('ABC234', record, TTL);
        const results = await Promise.all(Array.from({ length: 8 }, () => shortCodes.redeem('ABC234', 'consumer')));
        assert.equal(results.filter((result) => result !== undefined).length, 1);
      }),
    );

    runner.test(
      'a code expires after its time to live',
      withStores(factory, async ({ shortCodes }) => {
        await shortCodes.create('ABC234', record, SHORT_TTL);
        await eventually(() => shortCodes.create('ABC234', record, TTL), 'the code to expire');
      }),
    );
  });
}

export function attemptLimitStoreTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('attempt limits', () => {
    const limit = { scope: 'guess', perMinute: 5 };

    runner.test(
      'a client gets perMinute attempts at once, then a wait of at most one refill',
      withStores(factory, async ({ attempts }) => {
        assert.equal(await attempts.retryAfterMs(limit, '10.0.0.1'), 0);
        for (let attempt = 0; attempt < 5; attempt += 1) assert.equal(await attempts.take(limit, '10.0.0.1'), 0);
        const waitMs = await attempts.take(limit, '10.0.0.1');
        assert.ok(waitMs > 0 && waitMs <= 12_000, `waits ${waitMs} ms`);
        const reported = await attempts.retryAfterMs(limit, '10.0.0.1');
        assert.ok(reported > 0 && reported <= waitMs, `reports ${reported} ms`);
      }),
    );

    runner.test(
      'clients and scopes count on their own; asking how long to wait counts nothing',
      withStores(factory, async ({ attempts }) => {
        for (let attempt = 0; attempt < 5; attempt += 1) await attempts.take(limit, '10.0.0.1');
        assert.ok((await attempts.take(limit, '10.0.0.1')) > 0);
        for (let attempt = 0; attempt < 20; attempt += 1) assert.equal(await attempts.retryAfterMs(limit, '10.0.0.2'), 0);
        assert.equal(await attempts.take(limit, '10.0.0.2'), 0);
        assert.equal(await attempts.take({ ...limit, scope: 'create' }, '10.0.0.1'), 0);
      }),
    );

    runner.test(
      'of attempts made at once, exactly perMinute pass',
      withStores(factory, async ({ attempts }) => {
        const waits = await Promise.all(Array.from({ length: 20 }, () => attempts.take(limit, '10.0.0.1')));
        assert.equal(waits.filter((waitMs) => waitMs === 0).length, 5);
      }),
    );

    runner.test(
      'attempts come back with time',
      withStores(factory, async ({ attempts }) => {
        const fast = { scope: 'guess', perMinute: 600 };
        // Taken until refused (tokens come back as they are taken, at 10 a second).
        let refusedAfter = 0;
        while ((await attempts.take(fast, '10.0.0.1')) === 0) {
          refusedAfter += 1;
          assert.ok(refusedAfter < 10_000, 'never refused');
        }
        assert.ok(refusedAfter >= 600, `refused after ${refusedAfter}`);
        await eventually(async () => (await attempts.take(fast, '10.0.0.1')) === 0, 'an attempt to come back');
      }),
    );
  });
}

export function handoverChannelTests(runner: StoreSuiteRunner, factory: StoresFactory): void {
  runner.describe('handover requests', () => {
    runner.test(
      'a request reaches the instance it is addressed to, and its answer comes back',
      withStores(factory, async ({ handovers }) => {
        const heard: string[] = [];
        await handovers.serve('a', async (chatId, requester) => {
          heard.push(`a: ${chatId} for ${requester}`);
          return 'released';
        });
        await handovers.serve('b', async (chatId, requester) => {
          heard.push(`b: ${chatId} for ${requester}`);
          return 'cannot-move';
        });
        assert.equal(await handovers.request('a', 'c1', 'c', 5000), 'released');
        assert.equal(await handovers.request('b', 'c2', 'c', 5000), 'cannot-move');
        assert.deepEqual(heard, ['a: c1 for c', 'b: c2 for c']);
      }),
    );

    runner.test(
      'nobody listening: no answer, at once',
      withStores(factory, async ({ handovers }) => {
        const stop = await handovers.serve('a', async () => 'released');
        await stop();
        // Far past the test's own timeout: it passes only if no listener is noticed without waiting.
        assert.equal(await handovers.request('a', 'c1', 'b', 60_000), undefined);
        assert.equal(await handovers.request('nobody', 'c1', 'b', 60_000), undefined);
      }),
    );

    runner.test(
      'an owner that does not answer in time: no answer, after the bound',
      withStores(factory, async ({ handovers }) => {
        let answer: (value: HandoverAnswer) => void = () => undefined;
        await handovers.serve('a', () => new Promise((resolve) => (answer = resolve)));
        assert.equal(await handovers.request('a', 'c1', 'b', SHORT_TTL), undefined);
        answer('released');
      }),
    );

    runner.test(
      'an owner whose handover fails answers busy',
      withStores(factory, async ({ handovers }) => {
        await handovers.serve('a', async () => {
          throw new Error('the store failed');
        });
        assert.equal(await handovers.request('a', 'c1', 'b', 5000), 'busy');
      }),
    );

    runner.test(
      'requests at once each get their own answer',
      withStores(factory, async ({ handovers }) => {
        await handovers.serve('a', async (chatId) => (chatId.endsWith('0') ? 'released' : 'not-hosted'));
        const answers = await Promise.all(['c0', 'c1', 'c10', 'c11'].map((chatId) => handovers.request('a', chatId, 'b', 5000)));
        assert.deepEqual(answers, ['released', 'not-hosted', 'released', 'not-hosted']);
      }),
    );
  });
}
