/** How many writes between two sweeps for expired entries that nobody reads any more. */
const SWEEP_EVERY = 1000;

/**
 * A map whose entries vanish after their time to live: checked when read, and swept now and then as it is
 * written, so no timer keeps a process alive and entries nobody reads again do not pile up.
 */
export class ExpiringMap<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAt: number }>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: Value, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.writes += 1;
    if (this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  /** How many entries are held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
