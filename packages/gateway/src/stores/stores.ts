import type { ChatRecordStore } from './chat-record-store.js';
import type { EventLog } from './event-log.js';
import type { LeaseStore } from './lease-store.js';
import type { ShortCodeStore } from './short-code-store.js';

/** Everything the gateway stores, from one backend. */
export interface GatewayStores {
  chats: ChatRecordStore;
  events: EventLog;
  leases: LeaseStore;
  shortCodes: ShortCodeStore;
  /** Whether other instances see the same data (then a chat can move between instances). */
  readonly shared: boolean;
  /** Whether the backend answers (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
