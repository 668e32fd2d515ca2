import type { LeaseStore } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new ExpiringMap<string>();

  async acquire(chatId: string, owner: string, ttlMs: number): Promise<boolean> {
    const holder = this.leases.get(chatId);
    if (holder !== undefined && holder !== owner) return false;
    this.leases.set(chatId, owner, ttlMs);
    return true;
  }

  async renew(chatId: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.leases.get(chatId) !== owner) return false;
    this.leases.set(chatId, owner, ttlMs);
    return true;
  }

  async release(chatId: string, owner: string): Promise<void> {
    if (this.leases.get(chatId) === owner) this.leases.delete(chatId);
  }

  async takeOver(chatId: string, from: string, to: string, ttlMs: number): Promise<boolean> {
    if (this.leases.get(chatId) !== from) return false;
    this.leases.set(chatId, to, ttlMs);
    return true;
  }

  async holder(chatId: string): Promise<string | undefined> {
    return this.holderNow(chatId);
  }

  /** The holder, read at once (the other memory stores check their writes against it). */
  holderNow(chatId: string): string | undefined {
    return this.leases.get(chatId);
  }
}
