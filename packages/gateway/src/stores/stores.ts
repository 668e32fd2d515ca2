import type { AdapterStore } from '@byosd/core';
import type { AttemptLimitStore } from './attempt-limit-store.js';
import type { ChatRecordStore } from './chat-record-store.js';
import type { EventLog } from './event-log.js';
import type { HandoverChannel } from './handover-channel.js';
import type { InstanceRegistry } from './instance-registry.js';
import type { LeaseStore } from './lease-store.js';
import type { ShortCodeStore } from './short-code-store.js';

/** Everything the gateway stores, from one backend. */
export interface GatewayStores {
  chats: ChatRecordStore;
  events: EventLog;
  leases: LeaseStore;
  /** Which instances are alive, so that a dead one's chats are taken over without waiting out their leases. */
  instances: InstanceRegistry;
  shortCodes: ShortCodeStore;
  /** Attempts per client at limited things (short-code guesses), counted across every instance on these stores. */
  attempts: AttemptLimitStore;
  /** Requests between the instances on these stores to hand a chat over. */
  handovers: HandoverChannel;
  /** The store an adapter keeps its cross-chat data in (`AdapterContext.store`), namespaced by adapter name. */
  adapterStore?(adapter: string): AdapterStore;
  /** Whether other instances see the same data (then a chat can move between instances). */
  readonly shared: boolean;
  /** Whether the backend answers (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
