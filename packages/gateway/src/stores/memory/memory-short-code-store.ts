import { copyJson } from './copy-json.js';
import type { ShortCodeRecord, ShortCodeRole, ShortCodeStore } from '../short-code-store.js';
import { ExpiringMap } from './expiring-map.js';

interface StoredCode {
  record: ShortCodeRecord;
  redeemedBy: Set<ShortCodeRole>;
}

export class MemoryShortCodeStore implements ShortCodeStore {
  private readonly codes = new ExpiringMap<StoredCode>();

  async create(code: string, record: ShortCodeRecord, ttlMs: number): Promise<boolean> {
    if (this.codes.get(code)) return false;
    this.codes.set(code, { record: copyJson(record), redeemedBy: new Set() }, ttlMs);
    return true;
  }

  async redeem(code: string, role: ShortCodeRole): Promise<ShortCodeRecord | undefined> {
    const stored = this.codes.get(code);
    if (!stored || stored.redeemedBy.has(role)) return undefined;
    stored.redeemedBy.add(role);
    return copyJson(stored.record);
  }
}
