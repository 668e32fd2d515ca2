import { formatZodIssues, type PersistedChat, persistedChatSchema, safeParseWithMessages } from '@byosd/core';
import * as z from 'zod/mini';
import { type TranscriptEntry, transcriptEntrySchema } from './transcript.js';

/** What the widget keeps in session storage to resume its chat after a page reload. */
export interface StoredChat {
  persisted: PersistedChat;
  transcript: TranscriptEntry[];
  /** The seq of the last event shown: a resumed chat numbers its events on from here. */
  lastSeq: number;
}

const storedChatSchema = z.object({
  version: z.literal(1),
  persisted: persistedChatSchema,
  transcript: z.array(transcriptEntrySchema),
  lastSeq: z.int().check(z.nonnegative()),
});

/**
 * The widget's chat in session storage (per tab, gone when the tab closes), under `byosd-chat:<key>`. What it
 * reads back is parsed: a damaged or foreign entry is dropped with a warning, and the widget starts afresh.
 */
export class ChatStorage {
  private readonly itemName: string;

  constructor(
    key: string,
    private readonly storage: Storage | undefined = globalThis.sessionStorage,
  ) {
    this.itemName = `byosd-chat:${key}`;
  }

  load(): StoredChat | undefined {
    const text = this.storage?.getItem(this.itemName);
    if (text === null || text === undefined) return undefined;
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      return this.drop('not JSON');
    }
    const parsed = safeParseWithMessages(storedChatSchema, stored);
    if (parsed.success) return parsed.data as StoredChat;
    return this.drop(formatZodIssues(parsed.error));
  }

  /** Forgets a damaged or foreign entry, saying why: the widget starts afresh. */
  private drop(reason: string): undefined {
    console.warn(`byosd: dropped the stored chat ${this.itemName}: ${reason}`);
    this.clear();
    return undefined;
  }

  save(chat: StoredChat): void {
    this.storage?.setItem(this.itemName, JSON.stringify({ version: 1, ...chat }));
  }

  clear(): void {
    this.storage?.removeItem(this.itemName);
  }
}
