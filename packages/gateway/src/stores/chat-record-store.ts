import type { PersistedChat } from '@byosd/core';

/** What the gateway keeps about one chat, so that any instance can resume it. */
export interface ChatRecord {
  chatId: string;
  /** The adapter the chat was started with. */
  adapter: string;
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  tokenHash: string;
  createdAt: number;
  /** The chat session's persisted state, as last published (the adapter's resume data included). */
  persisted?: PersistedChat;
  /** When the chat ended; the record stays a while so that a late client still gets the final events. */
  endedAt?: number;
}

/** Chat records by chat id. */
export interface ChatRecordStore {
  /** Stores a new record. Resolves false when a record with that id exists already. */
  create(record: ChatRecord, ttlMs: number): Promise<boolean>;
  get(chatId: string): Promise<ChatRecord | undefined>;
  /**
   * Changes an existing record and resets its time to live; resolves false when there is none. With `owner`,
   * fenced as `EventLog.append` is: rejects with `LeaseLostError`, changing nothing, while another owner holds
   * the chat's lease.
   */
  update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number, owner?: string): Promise<boolean>;
  delete(chatId: string): Promise<void>;
}

/** The record with `change` applied: a field that is absent from the change keeps its stored value. */
export function applyChange(record: ChatRecord, change: Pick<ChatRecord, 'persisted' | 'endedAt'>): ChatRecord {
  return {
    ...record,
    ...(change.persisted === undefined ? {} : { persisted: change.persisted }),
    ...(change.endedAt === undefined ? {} : { endedAt: change.endedAt }),
  };
}
