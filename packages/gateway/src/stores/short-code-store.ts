/** The co-browse session a short code stands for. */
export interface ShortCodeRecord {
  /** The co-browse session's token, for the customer's page. */
  sessionToken: string;
  /** The correlation id both sides join. */
  cid: string;
  /** The chat that asked for it, when it came from a chat. */
  chatId?: string;
  createdAt: number;
}

/** Who redeems a code: each side may redeem it once. */
export type ShortCodeRole = 'consumer' | 'agent';

/** Short codes, unique across every instance, expiring, each redeemable once per side. */
export interface ShortCodeStore {
  /** Stores a new code. Resolves false when the code is taken (the caller draws another). */
  create(code: string, record: ShortCodeRecord, ttlMs: number): Promise<boolean>;
  /** Redeems a code for one side, atomically: undefined when it is unknown, expired, or that side redeemed it. */
  redeem(code: string, role: ShortCodeRole): Promise<ShortCodeRecord | undefined>;
}
