/**
 * Drops the oldest entries of an insertion-ordered Map or Set until at most `limit` remain. Used for the
 * per-chat memories (sent message ids, seen backend ids) so that a chat of any length uses bounded memory.
 */
export function trimOldest(collection: Map<unknown, unknown> | Set<unknown>, limit: number): void {
  for (const key of collection.keys()) {
    if (collection.size <= limit) return;
    collection.delete(key);
  }
}
