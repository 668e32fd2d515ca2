import { type AdapterStore, createMemoryAdapterStore } from '@byosd/core';
import type { GatewayStores } from '../stores.js';
import { MemoryAttemptLimitStore } from './memory-attempt-limit-store.js';
import { MemoryChatRecordStore } from './memory-chat-record-store.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryHandoverChannel } from './memory-handover-channel.js';
import { MemoryInstanceRegistry } from './memory-instance-registry.js';
import { MemoryLeaseStore } from './memory-lease-store.js';
import { MemoryShortCodeStore } from './memory-short-code-store.js';

/** The embedded default: every store in this process's memory. Nothing survives a restart or is shared. */
export function createMemoryStores(): GatewayStores {
  const adapterStores = new Map<string, AdapterStore>();
  const leases = new MemoryLeaseStore();
  return {
    chats: new MemoryChatRecordStore((chatId) => leases.holderNow(chatId)),
    events: new MemoryEventLog((chatId) => leases.holderNow(chatId)),
    leases,
    instances: new MemoryInstanceRegistry(),
    shortCodes: new MemoryShortCodeStore(),
    attempts: new MemoryAttemptLimitStore(),
    handovers: new MemoryHandoverChannel(),
    adapterStore: (adapter) => {
      let store = adapterStores.get(adapter);
      if (!store) adapterStores.set(adapter, (store = createMemoryAdapterStore()));
      return store;
    },
    shared: false,
    ping: async () => true,
    close: async () => undefined,
  };
}
