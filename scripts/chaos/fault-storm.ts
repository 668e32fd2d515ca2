/**
 * Every simulator fault at once, for a chaos run: latency, duplicated and reordered deliveries (socket frames and
 * webhooks) all the time, and every `everyMessages` acknowledged user messages one of socket drops, 5xx answers
 * (before and after processing) and 429s, picked from `seed` so that a run replays. Striking per user message rather
 * than per second keeps the share of failed requests the same at any load: on a timer, a slow run would queue more
 * failures than it has requests, and a retried send would never get through. The agent's messages do not count:
 * they take the simulator's back door, far ahead of the user's, and counting them queued hundreds of send failures
 * in a run's first seconds, so that every send failed until they were used up.
 */
import type { FaultControl } from '@byosd/conformance';
import { createSeededRandom } from '@byosd/simulators';

export interface FaultStormSettings {
  seed: number;
  everyMessages: number;
  latencyMs: number;
  duplicateRate: number;
  reorderRate: number;
}

export const DEFAULT_STORM: Omit<FaultStormSettings, 'seed'> = { everyMessages: 5, latencyMs: 20, duplicateRate: 0.1, reorderRate: 0.1 };

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
  /** Counts one acknowledged user message; every `everyMessages`th strikes. */
  messageAcknowledged(): void;
  stop(): void;
}

export function startFaultStorm(faults: FaultControl, settings: FaultStormSettings): FaultStorm {
  const random = createSeededRandom(settings.seed);
  const struck: Record<string, number> = Object.fromEntries(STRIKES.map(([name]) => [name, 0]));
  faults.setDelivery({ latencyMs: settings.latencyMs, duplicateRate: settings.duplicateRate, reorderRate: settings.reorderRate });
  let acknowledged = 0;
  let stopped = false;
  return {
    struck,
    messageAcknowledged() {
      acknowledged += 1;
      if (stopped || acknowledged % settings.everyMessages !== 0) return;
      const [name, strike] = STRIKES[Math.floor(random.next() * STRIKES.length)] as (typeof STRIKES)[number];
      strike(faults);
      struck[name] = (struck[name] ?? 0) + 1;
    },
    stop() {
      stopped = true;
      faults.setDelivery({ latencyMs: 0, duplicateRate: 0, reorderRate: 0 });
    },
  };
}
