/**
 * Every simulator fault at once, for a chaos run: latency, duplicated and reordered deliveries (socket frames and
 * webhooks) all the time, and every `everyMs` one of socket drops, 5xx answers (before and after processing) and
 * 429s, picked from `seed` so that a run replays.
 */
import type { FaultControl } from '@byosd/conformance';
import { createSeededRandom } from '@byosd/simulators';

export interface FaultStormSettings {
  seed: number;
  everyMs: number;
  latencyMs: number;
  duplicateRate: number;
  reorderRate: number;
}

export const DEFAULT_STORM: Omit<FaultStormSettings, 'seed'> = { everyMs: 400, latencyMs: 20, duplicateRate: 0.1, reorderRate: 0.1 };

/** The faults one tick may inject, named for the report. */
const STRIKES: ReadonlyArray<readonly [string, (faults: FaultControl) => void]> = [
  ['socket drop', (faults) => faults.dropConnections()],
  ['send 503', (faults) => faults.failNext('send', { type: 'unavailable' })],
  ['send 500 after processing', (faults) => faults.failNext('send', { type: 'fail-after-processing' })],
  ['send 429', (faults) => faults.failNext('send', { type: 'rate-limited', retryAfterMs: 200 })],
];

export interface FaultStorm {
  /** How often each fault struck. */
  readonly struck: Record<string, number>;
  stop(): void;
}

export function startFaultStorm(faults: FaultControl, settings: FaultStormSettings): FaultStorm {
  const random = createSeededRandom(settings.seed);
  const struck: Record<string, number> = Object.fromEntries(STRIKES.map(([name]) => [name, 0]));
  faults.setDelivery({ latencyMs: settings.latencyMs, duplicateRate: settings.duplicateRate, reorderRate: settings.reorderRate });
  const timer = setInterval(() => {
    const [name, strike] = STRIKES[Math.floor(random.next() * STRIKES.length)] as (typeof STRIKES)[number];
    strike(faults);
    struck[name] = (struck[name] ?? 0) + 1;
  }, settings.everyMs);
  return {
    struck,
    stop() {
      clearInterval(timer);
      faults.setDelivery({ latencyMs: 0, duplicateRate: 0, reorderRate: 0 });
    },
  };
}
