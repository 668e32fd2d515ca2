import type { FaultControl } from '@byosd/conformance';
import type { FaultInjector } from './faults.js';

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
