import type { HandoverAnswer, HandoverChannel, HandoverHandler } from '../handover-channel.js';

/** Handover requests between instances that share one set of memory stores (in one process). */
export class MemoryHandoverChannel implements HandoverChannel {
  private readonly handlers = new Map<string, HandoverHandler>();

  async serve(instanceId: string, handler: HandoverHandler): Promise<() => Promise<void>> {
    this.handlers.set(instanceId, handler);
    return async () => {
      if (this.handlers.get(instanceId) === handler) this.handlers.delete(instanceId);
    };
  }

  async request(owner: string, chatId: string, requester: string, timeoutMs: number): Promise<HandoverAnswer | undefined> {
    const handler = this.handlers.get(owner);
    if (!handler) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      // A handler that fails answers as a busy owner would: ask again later.
      return await Promise.race([handler(chatId, requester).catch((): HandoverAnswer => 'busy'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
