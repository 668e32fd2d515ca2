/**
 * Carries events from an adapter's webhook routes to the desk instance that owns the chat they concern. A route
 * publishes under a key the backend gives it (a conversation id); the desk subscribed under that key when it
 * started the chat. The gateway provides a hub that reaches desks on other instances; this in-memory one serves
 * a single process.
 */
export interface WebhookHub {
  /** Listens for events under `key`. Returns a function that stops listening. */
  subscribe(key: string, listener: (event: unknown) => void | Promise<void>): () => void;
  /**
   * Hands an event to the listeners of `key`. Resolves to false when it reached nobody and was not held for a
   * listener to come (the chat is not live here). The gateway's Redis hub holds such events for a while.
   */
  publish(key: string, event: unknown): Promise<boolean>;
}

/** A webhook hub within one process. */
export function createMemoryWebhookHub(): WebhookHub {
  const listeners = new Map<string, Set<(event: unknown) => void | Promise<void>>>();
  return {
    subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    async publish(key, event) {
      const set = listeners.get(key);
      if (!set || set.size === 0) return false;
      await Promise.all([...set].map(async (listener) => listener(event)));
      return true;
    },
  };
}
