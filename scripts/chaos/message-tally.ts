/**
 * Message accounting for one direction of one chat. A message is "acknowledged" when its sender was told it was
 * taken (the gateway acked the user's send; the simulator accepted the agent's message); the receiving side is
 * counted by the numbers in the message texts. Lost, duplicated and out of order count acknowledged messages only.
 */
export interface DirectionCounts {
  sent: number;
  acknowledged: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

export const ZERO_COUNTS: DirectionCounts = { sent: 0, acknowledged: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };

export class MessageTally {
  private sent = 0;
  private readonly acknowledged = new Set<number>();
  private readonly arrivals: number[] = [];

  recordSent(): void {
    this.sent += 1;
  }

  recordAcknowledged(n: number): void {
    this.acknowledged.add(n);
  }

  recordReceived(n: number): void {
    this.arrivals.push(n);
  }

  /** Replaces what was received (a receiving side read whole, as the agent's console shows it). */
  setReceived(numbers: readonly number[]): void {
    this.arrivals.splice(0, this.arrivals.length, ...numbers);
  }

  /** Whether every acknowledged message has arrived. */
  complete(): boolean {
    const arrived = new Set(this.arrivals);
    for (const n of this.acknowledged) if (!arrived.has(n)) return false;
    return true;
  }

  counts(): DirectionCounts {
    const seen = new Set<number>();
    let duplicated = 0;
    let outOfOrder = 0;
    let highest = -1;
    for (const n of this.arrivals) {
      if (seen.has(n)) {
        if (this.acknowledged.has(n)) duplicated += 1;
        continue;
      }
      seen.add(n);
      // Messages go one at a time, each after the previous one's acknowledgement: any lower number after a higher one is out of order.
      if (n < highest && this.acknowledged.has(n)) outOfOrder += 1;
      highest = Math.max(highest, n);
    }
    const lost = [...this.acknowledged].filter((n) => !seen.has(n)).length;
    return { sent: this.sent, acknowledged: this.acknowledged.size, received: seen.size, lost, duplicated, outOfOrder };
  }
}

export function addCounts(a: DirectionCounts, b: DirectionCounts): DirectionCounts {
  return {
    sent: a.sent + b.sent,
    acknowledged: a.acknowledged + b.acknowledged,
    received: a.received + b.received,
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    outOfOrder: a.outOfOrder + b.outOfOrder,
  };
}
