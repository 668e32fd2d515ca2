import { ErrorCode, silentLogger } from '@byosd/core';
import { createMemoryStores, type GatewayStores } from '@byosd/gateway';
import { ChatHandover } from '../src/server/chat-handover.js';
import type { HandoverAnswer } from '../src/stores/handover-channel.js';

const TTL = 60_000;
let stores: GatewayStores;

beforeEach(() => {
  stores = createMemoryStores();
});

/** The handover of instance `instanceId`, over the stores all instances of the test share. */
function instance(instanceId: string, timeoutMs = 5000): ChatHandover {
  return new ChatHandover({
    channel: stores.handovers,
    leases: stores.leases,
    instances: stores.instances,
    instanceId,
    leaseTtlMs: TTL,
    timeoutMs,
    logger: silentLogger,
  });
}

/** `owner`, alive, holds chat c1 and answers requests for it with `answer`. */
async function owning(owner: string, answer: (chatId: string, requester: string) => Promise<HandoverAnswer>): Promise<ChatHandover> {
  await stores.instances.heartbeat(owner, TTL);
  await stores.leases.acquire('c1', owner, TTL);
  const handover = instance(owner);
  await handover.serve(answer);
  return handover;
}

const refused = (message: RegExp) =>
  expect.objectContaining({ code: ErrorCode.BACKEND_UNAVAILABLE, isRetryable: true, message: expect.stringMatching(message) });

describe('claiming a chat for the instance its client resumed on', () => {
  test('a chat nobody holds is taken at once, without asking anybody', async () => {
    const asked: string[] = [];
    await stores.handovers.serve('a', async (chatId) => {
      asked.push(chatId);
      return 'released';
    });
    await instance('b').claim('c1');
    expect(await stores.leases.holder('c1')).toBe('b');
    expect(asked).toEqual([]);
  });

  test('a live owner is asked, lets the chat go, and the claimant holds it', async () => {
    const asked: string[] = [];
    await owning('a', async (chatId, requester) => {
      asked.push(`${chatId} for ${requester}`);
      await stores.leases.release(chatId, 'a');
      return 'released';
    });
    await instance('b').claim('c1');
    expect(asked).toEqual(['c1 for b']);
    expect(await stores.leases.holder('c1')).toBe('b');
  });

  test('an owner whose adapter cannot move the chat keeps it; the claimant is told to retry', async () => {
    await owning('a', async () => 'cannot-move');
    await expect(instance('b').claim('c1')).rejects.toEqual(refused(/cannot move it/));
    expect(await stores.leases.holder('c1')).toBe('a');
  });

  test('an owner that does not answer within the bound keeps the chat; the claimant is told to retry', async () => {
    await owning('a', () => new Promise<HandoverAnswer>(() => undefined));
    await expect(instance('b', 50).claim('c1')).rejects.toEqual(refused(/did not hand it over/));
    expect(await stores.leases.holder('c1')).toBe('a');
  });

  test('a busy owner keeps the chat; the claimant is told to retry', async () => {
    await owning('a', async () => 'busy');
    await expect(instance('b').claim('c1')).rejects.toEqual(refused(/did not hand it over/));
  });

  test('an owner that is alive but does not listen: refused at once, to retry', async () => {
    await stores.instances.heartbeat('a', TTL);
    await stores.leases.acquire('c1', 'a', TTL);
    // Far past the test's own timeout: refused without waiting for an answer nobody can give.
    await expect(instance('b', 60_000).claim('c1')).rejects.toEqual(refused(/did not hand it over/));
    expect(await stores.leases.holder('c1')).toBe('a');
  });

  test('an owner that is dead (its presence is gone) is not asked: the chat is taken over at once, its lease unexpired', async () => {
    const asked: string[] = [];
    await stores.handovers.serve('a', async (chatId) => {
      asked.push(chatId);
      return 'busy';
    });
    await stores.instances.heartbeat('a', TTL);
    await stores.leases.acquire('c1', 'a', TTL);
    await stores.instances.leave('a');
    await instance('b').claim('c1');
    expect(await stores.leases.holder('c1')).toBe('b');
    expect(asked).toEqual([]);
  });

  test("of instances racing to take a dead owner's chat over, one wins and the others are told to retry", async () => {
    await stores.leases.acquire('c1', 'a', TTL);
    const claims = await Promise.allSettled(['b', 'c', 'd'].map((claimant) => instance(claimant).claim('c1')));
    expect(claims.filter((claim) => claim.status === 'fulfilled')).toHaveLength(1);
    for (const claim of claims) if (claim.status === 'rejected') expect(claim.reason).toEqual(refused(/moved to another gateway instance/));
    expect(['b', 'c', 'd']).toContain(await stores.leases.holder('c1'));
  });

  test('when a third instance takes the released chat first, the claimant is told to retry', async () => {
    await owning('a', async (chatId) => {
      await stores.leases.release(chatId, 'a');
      await stores.leases.acquire(chatId, 'c', TTL);
      return 'released';
    });
    await expect(instance('b').claim('c1')).rejects.toEqual(refused(/moved to another gateway instance/));
    expect(await stores.leases.holder('c1')).toBe('c');
  });

  test('an instance that stopped serving is not asked any more', async () => {
    const handover = await owning('a', async () => 'released');
    await handover.close();
    await expect(instance('b', 60_000).claim('c1')).rejects.toEqual(refused(/did not hand it over/));
  });
});
