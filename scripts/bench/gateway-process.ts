/** A gateway hosting one backend's adapter, as the benchmark's subject. */
import type { JsonObject } from '@byosd/core';
import { type Gateway, startGateway } from '@byosd/gateway';
import { findBackend } from '@byosd/testbed';
import { serveCommands } from './child-process.js';
import { measureMemory } from './memory-usage.js';

let gateway: Gateway | undefined;

export interface GatewayStart {
  backend: string;
  options: JsonObject;
  store: 'memory' | 'redis';
}

serveCommands({
  async start({ backend, options, store }: GatewayStart) {
    const adapter = findBackend(backend).demo?.adapter;
    if (!adapter) throw new Error(`Backend ${backend} has no demo wiring to host it on a gateway`);
    gateway = await startGateway(
      {
        host: '127.0.0.1',
        port: 0,
        adapters: { [adapter.name]: options },
        allowedOrigins: ['*'],
        logLevel: 'warn',
        store,
        // Each benchmark chat is its own client: the per-connection frame limit is not what is measured.
        framesPerSecond: 100_000,
        frameBurst: 100_000,
        // The memory case holds 10,000 idle chats, past the instance's default caps (5,000 chats): a deployment
        // hosting that many raises them the same way.
        maxChats: 20_000,
        maxConnections: 20_000,
        ...(store === 'redis' ? { redisKeyPrefix: `bench-${process.pid}:` } : {}),
      },
      { plugins: [adapter] },
    );
    return { url: gateway.url, httpUrl: gateway.httpUrl, webhookUrl: `${gateway.httpUrl}/webhooks/${adapter.name}` };
  },
  memory: () => measureMemory(),
  activeChats: () => gateway?.activeChats ?? 0,
  stop: () => gateway?.close(),
});
