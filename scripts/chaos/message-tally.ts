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

/** One acknowledged message that did not arrive once and in order, with when its sender was told it was taken. */
export interface TallyFinding {
  n: number;
  kind: 'lost' | 'duplicated' | 'out of order';
  /** Date.now() at the acknowledgement. */
  acknowledgedAt: number;
}

export const ZERO_COUNTS: DirectionCounts = { sent: 0, acknowledged: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };

export class MessageTally {
  private sent = 0;
  /** Each acknowledged message's number, with Date.now() at its acknowledgement. */
  private readonly acknowledged = new Map<number, number>();
  private readonly arrivals: number[] = [];

  recordSent(): void {
    this.sent += 1;
  }

  recordAcknowledged(n: number): void {
    this.acknowledged.set(n, Date.now());
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
    for (const n of this.acknowledged.keys()) if (!arrived.has(n)) return false;
    return true;
  }

  counts(): DirectionCounts {
    const findings = this.findings();
    const count = (kind: TallyFinding['kind']) => findings.filter((finding) => finding.kind === kind).length;
    const received = new Set(this.arrivals).size;
    return {
      sent: this.sent,
      acknowledged: this.acknowledged.size,
      received,
      lost: count('lost'),
      duplicated: count('duplicated'),
      outOfOrder: count('out of order'),
    };
  }

  /** Every acknowledged message lost, each extra copy of one, and each that arrived after a higher number. */
  findings(): TallyFinding[] {
    const findings: TallyFinding[] = [];
    const seen = new Set<number>();
    let highest = -1;
    for (const n of this.arrivals) {
      const acknowledgedAt = this.acknowledged.get(n);
      if (seen.has(n)) {
        if (acknowledgedAt !== undefined) findings.push({ n, kind: 'duplicated', acknowledgedAt });
        continue;
      }
      seen.add(n);
      // Messages go one at a time, each after the previous one's acknowledgement: any lower number after a higher one is out of order.
      if (n < highest && acknowledgedAt !== undefined) findings.push({ n, kind: 'out of order', acknowledgedAt });
      highest = Math.max(highest, n);
    }
    for (const [n, acknowledgedAt] of this.acknowledged) if (!seen.has(n)) findings.push({ n, kind: 'lost', acknowledgedAt });
    return findings;
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
