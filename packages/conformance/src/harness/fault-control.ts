import type { BackendOperation, DeliverySettings, RequestFault } from './backend-faults.js';

/**
 * The faults a scenario can inject into a backend, in backend-neutral terms. Random choices (which delivery is
 * duplicated or held back) follow `seed`, so a failing run replays from it.
 */
export interface FaultControl {
  readonly seed: number;
  /** The next `times` requests of `operation` fail with `fault`. */
  failNext(operation: BackendOperation, fault: RequestFault, times?: number): void;
  /** Drops every client connection at once, as a backend restart or a network cut would. */
  dropConnections(): void;
  /** Delivers to every connected client something that breaks the wire protocol (a malformed frame or body). */
  sendMalformed(): void;
  /** Changes how the backend delivers events to the adapter (latency, duplicates, reordering). */
  setDelivery(settings: Partial<DeliverySettings>): void;
}
