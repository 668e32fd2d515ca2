import type { BackendOperation, DeliverySettings, FaultInjector, RequestFault } from './faults.js';

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
  setDelivery(settings: Partial<DeliverySettings>): void;
}

/** What only the simulator itself can do: cut its client connections, and send them something malformed. */
export interface ConnectionFaults {
  dropConnections(): void;
  sendMalformed(): void;
}

/** The `FaultControl` of a simulator: the injector's queued and delivery faults, and the simulator's own connection faults. */
export function createFaultControl(injector: FaultInjector, connections: ConnectionFaults): FaultControl {
  return {
    seed: injector.seed,
    failNext: (operation, fault, times) => injector.failNext(operation, fault, times),
    setDelivery: (settings) => injector.setDelivery(settings),
    dropConnections: () => connections.dropConnections(),
    sendMalformed: () => connections.sendMalformed(),
  };
}
