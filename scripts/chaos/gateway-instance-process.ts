/**
 * One gateway instance of a cluster on Redis, in its own process so that it can be killed with SIGKILL. It hosts
 * the adapters of the backends it is given; `heap` collects garbage and reports the heap (the process must run
 * with --expose-gc), for the soak run.
 */
import type { JsonObject } from '@byosd/core';
import { type Gateway, type GatewayConfigInput, startGateway } from '@byosd/gateway';
import { findBackend } from '@byosd/testbed';
import { serveCommands } from '../bench/child-process.js';
import { measureMemory } from '../bench/memory-usage.js';

export interface InstanceStart {
  /** Backend name -> the options of its adapter (its simulator's endpoints). */
  adapters: Record<string, JsonObject>;
  /** Settings over the gateway's defaults: redisUrl, leaseTtlMs, publicBaseUrl... */
  config: Partial<GatewayConfigInput>;
}

let gateway: Gateway | undefined;

serveCommands({
  async start({ adapters, config }: InstanceStart): Promise<{ port: number }> {
    const plugins = Object.keys(adapters).map((backend) => {
      const adapter = findBackend(backend).demo?.adapter;
      if (!adapter) throw new Error(`Backend ${backend} has no demo wiring to host it on a gateway`);
      return adapter;
    });
    gateway = await startGateway(
      {
        host: '127.0.0.1',
        port: 0,
        allowedOrigins: ['*'],
        // CHAOS_LOG_LEVEL=info shows the instances' logs; the gateway's config parse refuses a level it does not know.
        logLevel: (process.env['CHAOS_LOG_LEVEL'] ?? 'error') as GatewayConfigInput['logLevel'],
        store: 'redis',
        ...config,
        adapters: Object.fromEntries(plugins.map((plugin, index) => [plugin.name, Object.values(adapters)[index] as JsonObject])),
      },
      { plugins },
    );
    return { port: Number(new URL(gateway.httpUrl).port) };
  },
  heap: () => measureMemory(),
  activeChats: () => gateway?.activeChats ?? 0,
  stop: () => gateway?.close(),
});
