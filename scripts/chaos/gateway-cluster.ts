/**
 * Gateway instances on one Redis, each in its own process, behind a round-robin TCP balancer: what a deployment
 * with several instances looks like to clients and to the vendors' webhooks.
 */
import type { JsonObject } from '@byosd/core';
import { type GatewayConfigInput, WIDGET_SOCKET_PATH } from '@byosd/gateway';
import { type BenchChild, startChild } from '../bench/child-process.js';
import type { InstanceStart } from './gateway-instance-process.js';
import { startTcpBalancer } from './tcp-balancer.js';

export interface GatewayCluster {
  /** The widget WebSocket URL, at the balancer. */
  readonly url: string;
  /** The HTTP base URL (webhooks), at the balancer. */
  readonly httpUrl: string;
  readonly instances: readonly BenchChild[];
  /** SIGKILLs instance `index`: no handover, its chats wait for their leases to run out. The balancer drops it. */
  kill(index: number): void;
  stop(): Promise<void>;
}

export interface ClusterSettings {
  instances: number;
  adapters: Record<string, JsonObject>;
  config: Partial<GatewayConfigInput>;
  /** Node flags of each instance's process (e.g. --expose-gc). */
  nodeFlags?: string[];
}

export async function startGatewayCluster(settings: ClusterSettings): Promise<GatewayCluster> {
  const balancer = await startTcpBalancer();
  const httpUrl = `http://127.0.0.1:${balancer.port}`;
  const instances = Array.from({ length: settings.instances }, () =>
    startChild('../chaos/gateway-instance-process', settings.nodeFlags ? { nodeFlags: settings.nodeFlags } : {}),
  );
  const live = new Map<BenchChild, number>();
  try {
    const start: InstanceStart = { adapters: settings.adapters, config: { publicBaseUrl: httpUrl, ...settings.config } };
    const ports = await Promise.all(instances.map((instance) => instance.call<{ port: number }>('start', start)));
    instances.forEach((instance, index) => live.set(instance, (ports[index] as { port: number }).port));
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.stop()));
    await balancer.close();
    throw error;
  }
  balancer.setUpstreams([...live.values()]);
  return {
    url: `ws://127.0.0.1:${balancer.port}${WIDGET_SOCKET_PATH}`,
    httpUrl,
    instances,
    kill(index) {
      const instance = instances[index];
      if (!instance) throw new RangeError(`No instance ${index}`);
      process.kill(instance.pid, 'SIGKILL');
      live.delete(instance);
      balancer.setUpstreams([...live.values()]);
    },
    async stop() {
      await Promise.all([...live.keys()].map((instance) => instance.stop()));
      await balancer.close();
    },
  };
}
