import { randomUUID } from 'node:crypto';
import { ChatSession, connectMessage, ErrorCode, parseOrThrow, silentLogger } from '@byosd/core';
import { type Gateway, gatewayAdapter, startGateway } from '@byosd/gateway';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { MESSAGE_WEBHOOK_PATH, mobileServiceCloudAdapter } from '../src/index.js';
import { MobileServiceCloudSimulator, mobileServiceCloudOptionsFor } from '../testbed/index.js';

// Node 20 has no global WebSocket, and jest's sandbox cannot load `ws` the way the proxy desk does.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/**
 * The lock is kept in the gateway's store: two gateway instances on one Redis, the first chat of an end user on
 * one, the next on the other. The second must not reach the bot.
 */
describe('the 24-hour lock across gateway instances on Redis', () => {
  let simulator: MobileServiceCloudSimulator;
  let gateways: Gateway[];
  let keyPrefix: string;

  beforeEach(async () => {
    simulator = new MobileServiceCloudSimulator({ seed: 9 });
    await simulator.start();
    simulator.bot.content.prechat = [];
    const config = {
      port: 0,
      store: 'redis' as const,
      redisKeyPrefix: (keyPrefix = `byosd-test:${randomUUID()}:`),
      logLevel: 'silent' as const,
      adapters: { 'mobile-service-cloud': { ...mobileServiceCloudOptionsFor(simulator), retryDelayMs: 20 } },
    };
    gateways = [
      await startGateway(config, { plugins: [mobileServiceCloudAdapter], logger: silentLogger }),
      await startGateway(config, { plugins: [mobileServiceCloudAdapter], logger: silentLogger }),
    ];
    simulator.configureChannelWebhook(`${gateways[0]?.httpUrl ?? ''}/webhooks/mobile-service-cloud${MESSAGE_WEBHOOK_PATH}`);
  });

  afterEach(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await simulator.stop();
  });

  function proxyChat(gateway: Gateway): ChatSession {
    const options = parseOrThrow(
      gatewayAdapter.optionsSchema,
      { url: gateway.url, adapter: 'mobile-service-cloud' },
      ErrorCode.INVALID_OPTIONS,
      'proxy options',
    );
    return new ChatSession({
      plugin: gatewayAdapter,
      options,
      chatId: randomUUID(),
      logger: silentLogger,
      webhookHub: { subscribe: () => () => undefined, publish: async () => false },
    });
  }

  const botRequests = () => simulator.recorder.all().filter((request) => request.path.startsWith('/ai/')).length;

  it('a handover on one instance keeps the bot away from that end user on the other', async () => {
    const payload = { endUserId: `visitor-${randomUUID()}` };
    const first = proxyChat(gateways[0] as Gateway);
    await first.startChat(connectMessage('First question'), { preStartChatPayload: payload });
    await first.endChat();
    const before = botRequests();
    expect(before).toBeGreaterThan(0);

    const second = proxyChat(gateways[1] as Gateway);
    await second.startChat(connectMessage('Second question'), { preStartChatPayload: payload });
    expect(await simulator.agent.waitForChat('Second question', 3000)).toMatchObject({ status: 'queued' });
    expect(botRequests()).toBe(before);
    await second.endChat();

    // The lock is in Redis, under the adapter's namespace, with a TTL of (at most) 24 hours.
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${keyPrefix}adapter:mobile-service-cloud:{handover-lock:*`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pttl(keys[0] ?? '');
      expect(ttl).toBeGreaterThan(24 * 3_600_000 - 60_000);
      expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
    } finally {
      redis.disconnect();
    }
  });
});
