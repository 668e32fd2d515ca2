/**
 * A small, fast, seeded pseudo-random generator (mulberry32). Every random choice a simulator makes (which
 * delivery to duplicate, which to hold back) comes from one of these, so a failing run replays exactly from its
 * seed. Not for anything that needs unpredictability.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A number in [0, 1). */
  next(): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
}

export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    chance: (probability) => probability > 0 && next() < probability,
  };
}
