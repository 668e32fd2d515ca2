import type { FaultInjector } from './faults.js';

/** How long a held-back event waits for a later one before it is delivered anyway. */
const HOLD_BACK_LIMIT_MS = 25;

export interface FaultyDelivery<Frame> {
  /** Delivers a backend event, subject to latency, duplication and reordering. */
  event(frame: Frame): void;
  /** Delivers an answer to a request, subject to latency only. */
  reply(frame: Frame): void;
  /** Drops whatever is still scheduled. */
  close(): void;
}

/**
 * Wraps one client's outgoing channel with the injector's delivery faults. A held-back event goes out right after
 * the next event, or after a short limit when none follows, so reordering never turns into loss.
 */
export function createFaultyDelivery<Frame>(send: (frame: Frame) => void, faults: FaultInjector): FaultyDelivery<Frame> {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let held: Frame | undefined;
  let heldTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const later = (action: () => void) => {
    const latency = faults.delivery.latencyMs;
    if (latency === 0) return action();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, latency);
    timers.add(timer);
  };

  const releaseHeld = () => {
    clearTimeout(heldTimer);
    const frame = held;
    held = undefined;
    if (frame !== undefined) send(frame);
  };

  return {
    event(frame) {
      later(() => {
        if (held === undefined && faults.chance(faults.delivery.reorderRate)) {
          held = frame;
          heldTimer = setTimeout(releaseHeld, HOLD_BACK_LIMIT_MS);
          return;
        }
        send(frame);
        if (faults.chance(faults.delivery.duplicateRate)) send(frame);
        releaseHeld();
      });
    },
    reply(frame) {
      later(() => send(frame));
    },
    close() {
      closed = true;
      clearTimeout(heldTimer);
      held = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
