import { type BackendOperation, type DeliverySettings, type RequestFault } from '@byosd/conformance';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

const NO_DELIVERY_FAULTS: DeliverySettings = { latencyMs: 0, duplicateRate: 0, reorderRate: 0 };

/**
 * The fault state of one simulator: request faults queued per operation, delivery faults, and the seeded random
 * source every random choice comes from. The same seed and the same requests give the same faults.
 */
export class FaultInjector {
  private random: SeededRandom;
  private readonly queued = new Map<BackendOperation, RequestFault[]>();
  private settings: DeliverySettings = NO_DELIVERY_FAULTS;

  constructor(seed: number) {
    this.random = createSeededRandom(seed);
  }

  get seed(): number {
    return this.random.seed;
  }

  get delivery(): DeliverySettings {
    return this.settings;
  }

  /** The next `times` requests of `operation` fail with `fault`. */
  failNext(operation: BackendOperation, fault: RequestFault, times = 1): void {
    const queue = this.queued.get(operation) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.queued.set(operation, queue);
  }

  /** The fault for the request of `operation` that just arrived, if one is queued. */
  take(operation: BackendOperation): RequestFault | undefined {
    return this.queued.get(operation)?.shift();
  }

  setDelivery(settings: Partial<DeliverySettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  chance(probability: number): boolean {
    return this.random.chance(probability);
  }

  /** Clears every fault and restarts the random sequence from the seed. */
  reset(): void {
    this.queued.clear();
    this.settings = NO_DELIVERY_FAULTS;
    this.random = createSeededRandom(this.random.seed);
  }
}
