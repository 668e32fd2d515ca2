import type { ChatMessage } from '../protocol/index.js';

/**
 * Makes a retried SendMessage safe although GWS takes no idempotency key: sends go one at a time, and the desk
 * knows how many Text messages of the customer GWS holds (`confirmed`). When a send fails in a way that leaves
 * its fate open (an answer lost, a 5xx after GWS took it), the transcript is counted before resending: one more
 * customer text than confirmed means the failed attempt landed. One desk sends for a chat at a time.
 */
export class CustomerSends {
  private queue: Promise<void> = Promise.resolve();
  private confirmed: number | undefined;

  constructor(private readonly transcript: () => Promise<readonly ChatMessage[]>) {}

  /** A fresh chat has no customer texts. After a resume the count is read from the transcript when first needed. */
  startFresh(): void {
    this.confirmed = 0;
  }

  forget(): void {
    this.confirmed = undefined;
  }

  /** Runs `send` after the sends before it; `attempt` > 0 checks whether the previous attempt landed first. */
  enqueue(send: (helpers: { landed(attempt: number): Promise<boolean>; sent(): void }) => Promise<void>): Promise<void> {
    const run = this.queue.then(() =>
      send({
        landed: async (attempt) => {
          if (this.confirmed === undefined || attempt > 0) {
            const count = countCustomerTexts(await this.transcript());
            const known = this.confirmed;
            this.confirmed = count;
            if (attempt > 0 && known !== undefined && count > known) return true;
          }
          return false;
        },
        sent: () => {
          this.confirmed = (this.confirmed ?? 0) + 1;
        },
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function countCustomerTexts(messages: readonly ChatMessage[]): number {
  return messages.filter((message) => message.type === 'Text' && message.from.type === 'Customer').length;
}
