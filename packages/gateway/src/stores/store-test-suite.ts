import assert from 'node:assert/strict';
import { isServiceDeskError, SPEC_VERSION } from '@byosd/core';
import type { WireEvent } from '../protocol/server-frames.js';
import type { ChatRecord } from './chat-record-store.js';
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
    shortCodeStoreTests(runner, factory);
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
      'a lease that is not renewed runs out and another owner takes over',
      withStores(factory, async ({ leases }) => {
        await leases.acquire('c1', 'a', SHORT_TTL);
        await eventually(() => leases.acquire('c1', 'b', TTL), 'the lease to run out');
        assert.equal(await leases.renew('c1', 'a', TTL), false);
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
