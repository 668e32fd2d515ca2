import type { InstanceRegistry } from '../instance-registry.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryInstanceRegistry implements InstanceRegistry {
  private readonly present = new ExpiringMap<true>();

  async heartbeat(instanceId: string, ttlMs: number): Promise<boolean> {
    const was = this.present.get(instanceId) !== undefined;
    this.present.set(instanceId, true, ttlMs);
    return was;
  }

  async isAlive(instanceId: string): Promise<boolean> {
    return this.present.get(instanceId) !== undefined;
  }

  async leave(instanceId: string): Promise<void> {
    this.present.delete(instanceId);
  }
}
