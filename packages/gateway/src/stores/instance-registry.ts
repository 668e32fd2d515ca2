/**
 * Which gateway instances are alive. Each instance keeps a presence that lasts a short time to live and renews
 * it while it runs; an instance whose presence is gone is dead (killed, crashed, or cut off from the stores), and
 * its chats may be taken over at once instead of after their leases run out.
 */
export interface InstanceRegistry {
  /**
   * Marks `instanceId` alive for `ttlMs`. Resolves true when its presence was still there; false when it had
   * lapsed (or never was), in which case other instances may have taken its chats over meanwhile.
   */
  heartbeat(instanceId: string, ttlMs: number): Promise<boolean>;
  /** Whether `instanceId` has a presence now. */
  isAlive(instanceId: string): Promise<boolean>;
  /** Removes the presence of `instanceId` (it shuts down). */
  leave(instanceId: string): Promise<void>;
}
