/** MSC's API rate limits (developers.cm.com): per product token. */
export const MSC_RATE_LIMITS = [
  { limit: 3, windowMs: 1_000 },
  { limit: 180, windowMs: 60_000 },
  { limit: 10_000, windowMs: 3_600_000 },
  { limit: 100_000, windowMs: 86_400_000 },
] as const;

export interface RateLimitWindow {
  limit: number;
  windowMs: number;
}
